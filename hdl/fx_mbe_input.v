// fx_mbe_input: one bank's input normalisation u = min(U_ONE, rq_U(max(SIGN x - OFFSET, 0)
// SCALE_M, SCALE_DROP)) (docs/algorithms.md 8.3; the scaler's events are not counted).
`default_nettype none
module fx_mbe_input #(
    parameter integer DW = 98,
    parameter integer SIGN = 1,
    parameter signed [63:0] OFFSET = 0,
    parameter integer SCALE_W = 24,
    parameter [63:0] SCALE_M = 1,
    parameter integer SCALE_DROP = 0,
    parameter integer VW = 32, parameter integer V_SIGNED = 1, parameter integer V_ROUNDING = 6,
    parameter integer V_OVERFLOW = 1,
    parameter [VW-1:0] U_ONE = 1
) (
    input  wire signed [DW-1:0] x,
    output wire [VW-1:0]        u
);
    wire signed [DW-1:0] offset = {{(DW-64){OFFSET[63]}}, OFFSET};
    wire signed [DW-1:0] diff = (SIGN < 0 ? -x : x) - offset;
    wire signed [DW-1:0] clipped = diff[DW-1] ? {DW{1'b0}} : diff;
    wire signed [DW+SCALE_W:0] product = clipped * $signed({1'b0, SCALE_M[SCALE_W-1:0]});
    wire [VW-1:0] scaled;
    wire unused_event;
    fx_requant #(.IN_W(DW + SCALE_W + 1), .DROP(SCALE_DROP), .ROUNDING(V_ROUNDING), .W(VW),
                 .SIGNED(V_SIGNED), .OVERFLOW(V_OVERFLOW))
        scale (.x(product), .word(scaled), .overflow(unused_event));
    wire signed [VW:0] scaled_s = {V_SIGNED != 0 && scaled[VW-1], scaled};
    assign u = scaled_s > $signed({1'b0, U_ONE}) ? U_ONE : scaled;
endmodule
`default_nettype wire

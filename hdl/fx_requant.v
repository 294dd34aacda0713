// fx_requant: requantize a signed value by DROP fractional bits into a stored format
// (docs/algorithms.md 1.2-1.3: ovf_F(shr_{F.rounding}(x, DROP))). Combinational.
// DROP >= 0 drops bits with ROUNDING (fx_shift_round); DROP < 0 widens by a left shift (exact).
// The result is the W-bit stored word (SIGNED / unsigned) and one overflow event bit (fx_fit).
`default_nettype none
module fx_requant #(
    parameter integer IN_W = 32,
    parameter integer DROP = 0,
    parameter integer ROUNDING = 0,
    parameter integer W = 16,
    parameter integer SIGNED = 1,
    parameter integer OVERFLOW = 1
) (
    input  wire signed [IN_W-1:0] x,
    output wire [W-1:0]           word,
    output wire                   overflow
);
    generate
        if (DROP >= 0) begin : narrow
            wire signed [IN_W:0] rounded;
            fx_shift_round #(.IN_W(IN_W), .K(DROP), .ROUNDING(ROUNDING)) shr (
                .x(x), .y(rounded));
            fx_fit #(.IN_W(IN_W + 1), .W(W), .SIGNED(SIGNED), .OVERFLOW(OVERFLOW)) fit (
                .x(rounded), .word(word), .overflow(overflow));
        end else begin : widen
            wire signed [IN_W-DROP-1:0] widened = {{(-DROP){x[IN_W-1]}}, x} <<< (-DROP);
            fx_fit #(.IN_W(IN_W - DROP), .W(W), .SIGNED(SIGNED), .OVERFLOW(OVERFLOW)) fit (
                .x(widened), .word(word), .overflow(overflow));
        end
    endgenerate
endmodule
`default_nettype wire

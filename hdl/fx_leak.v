// fx_leak: what a state x loses in one step, leak(x) (docs/algorithms.md 2.2). Combinational.
//
//   KIND 0 none : 0
//   KIND 1 shift: shr_Q(x, SHIFT); with MIN_STEP, a zero leak of x != 0 becomes sign(x)
//   KIND 2 mult : x - shr_Q(x * FACTOR, SHIFT)          (Loihi: FACTOR = 4096 - dv, SHIFT = 12)
//
// Q = ROUNDING (enum fx_rounding). x and the result have W bits; the caller sizes W so that
// |x| * (1 + FACTOR / 2^SHIFT) + 1 fits (fx_lif_lane adds FACTOR_W bits of headroom).
`default_nettype none
module fx_leak #(
    parameter integer W = 64,
    parameter integer KIND = 0,
    parameter integer SHIFT = 0,
    parameter integer ROUNDING = 0,
    parameter integer MIN_STEP = 0,
    parameter integer FACTOR = 0,
    parameter integer FACTOR_W = 32      // bits of FACTOR as a non-negative signed number
) (
    input  wire signed [W-1:0] x,
    output wire signed [W-1:0] amount
);
    generate
        if (KIND == 1) begin : shift_leak
            wire signed [W:0] shifted;
            fx_shift_round #(.IN_W(W), .K(SHIFT), .ROUNDING(ROUNDING)) shr (.x(x), .y(shifted));
            wire zero_leak = shifted == 0 && x != 0 && MIN_STEP != 0;
            wire signed [W-1:0] sign_x = x[W-1] ? -1 : 1;
            assign amount = zero_leak ? sign_x : shifted[W-1:0];   // |shifted| <= |x|
            wire unused_top = shifted[W];
        end else if (KIND == 2) begin : mult_leak
            localparam integer PW = W + FACTOR_W;
            wire signed [FACTOR_W-1:0] factor;                // FACTOR >= 0, zero-extended
            if (FACTOR_W > 32) begin : wide_factor
                assign factor = {{(FACTOR_W-32){1'b0}}, FACTOR[31:0]};
            end else begin : narrow_factor
                assign factor = FACTOR[FACTOR_W-1:0];
            end
            wire signed [PW-1:0] product = x * factor;
            wire signed [PW:0] decayed;
            fx_shift_round #(.IN_W(PW), .K(SHIFT), .ROUNDING(ROUNDING)) shr (.x(product), .y(decayed));
            assign amount = x - decayed[W-1:0];       // the caller's W holds the difference
            wire unused_high = ^decayed[PW:W];
        end else begin : no_leak
            assign amount = {W{1'b0}};
            wire unused_x = ^x;
        end
    endgenerate
endmodule
`default_nettype wire

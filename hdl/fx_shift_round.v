// fx_shift_round: drop K low bits of a signed value with one of fxsim's seven rounding modes
// (docs/algorithms.md 1.2). Combinational.
//
//   floor = x >>> K            rem = x[K-1:0]            half = 2^(K-1)
//   y     = floor + up(ROUNDING, rem != 0, rem > half, rem == half, x < 0, floor odd)
//
// ROUNDING follows enum fx_rounding: 0 TRN, 1 TRN_ZERO, 2 RND, 3 RND_ZERO, 4 RND_INF,
// 5 RND_MIN_INF, 6 RND_CONV. The result has IN_W + 1 bits (|floor| <= |x|, plus the round-up
// carry); K = 0 passes x through. Any K >= 0 is accepted (x is sign-extended internally).
`default_nettype none
module fx_shift_round #(
    parameter integer IN_W = 32,
    parameter integer K = 0,
    parameter integer ROUNDING = 0
) (
    input  wire signed [IN_W-1:0] x,
    output wire signed [IN_W:0]   y
);
    generate
        if (K == 0) begin : pass
            assign y = {x[IN_W-1], x};
        end else begin : drop
            localparam integer XW = (K > IN_W ? K : IN_W) + 1;   // x, sign-extended
            wire signed [XW-1:0] xe = {{(XW-IN_W){x[IN_W-1]}}, x};
            wire signed [XW-1:0] floor_q = xe >>> K;
            wire [K-1:0] rem = xe[K-1:0];
            wire [K-1:0] half = ~({K{1'b1}} >> 1);                  // 2^(K-1)
            wire nonzero = |rem;
            /* verilator lint_off CMPCONST */   // K = 1: rem > half is constant 0
            wire above = rem > half;
            /* verilator lint_on CMPCONST */
            wire tie = rem == half;
            wire negative = x[IN_W-1];
            wire odd = floor_q[0];
            wire up = ROUNDING == 1 ? nonzero & negative
                    : ROUNDING == 2 ? above | tie
                    : ROUNDING == 3 ? above | (tie & negative)
                    : ROUNDING == 4 ? above | (tie & ~negative)
                    : ROUNDING == 5 ? above
                    : ROUNDING == 6 ? above | (tie & odd)
                    : 1'b0;
            wire signed [XW-1:0] rounded = floor_q + {{(XW-1){1'b0}}, up};
            assign y = rounded[IN_W:0];                 // |rounded| <= |x|: fits IN_W + 1 bits
            if (XW > IN_W + 1) begin : wide_k            // K > IN_W: the top bits are sign copies
                wire unused_sign_copies = ^rounded[XW-1:IN_W+1];
            end
        end
    endgenerate
endmodule
`default_nettype wire

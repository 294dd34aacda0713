// fx_fit: bring a signed value into a stored format of W bits (docs/algorithms.md 1.3, ovf_F).
// Combinational.
//
// Range [lo, hi]: signed [-2^(W-1), 2^(W-1) - 1] (SAT_SYM: lo = -hi); unsigned [0, 2^W - 1].
// A value outside the range raises `overflow` (one event) and becomes, by OVERFLOW (enum
// fx_overflow): 0 WRAP -> its low W bits, 1 SAT / 2 SAT_SYM -> lo or hi, 3 SAT_ZERO -> 0.
// `word` is the stored W-bit pattern (its value: two's complement when SIGNED, else binary).
`default_nettype none
module fx_fit #(
    parameter integer IN_W = 64,
    parameter integer W = 16,
    parameter integer SIGNED = 1,
    parameter integer OVERFLOW = 1
) (
    input  wire signed [IN_W-1:0] x,
    output wire [W-1:0]           word,
    output wire                   overflow
);
    localparam integer CW = (IN_W > W + 1 ? IN_W : W + 1) + 1;   // compare width
    localparam [CW-1:0] ONE = 1;
    localparam [CW-1:0] HI = SIGNED != 0 ? (ONE << (W - 1)) - ONE : (ONE << W) - ONE;
    localparam [CW-1:0] LO = SIGNED == 0 ? {CW{1'b0}}
                           : OVERFLOW == 2 ? ~HI + ONE : ~(ONE << (W - 1)) + ONE;
    wire signed [CW-1:0] xe = {{(CW-IN_W){x[IN_W-1]}}, x};
    wire below = xe < $signed(LO);
    wire above = xe > $signed(HI);
    wire [W-1:0] clamped = below ? LO[W-1:0] : HI[W-1:0];
    assign overflow = below | above;
    assign word = !overflow || OVERFLOW == 0 ? xe[W-1:0]
                : OVERFLOW == 3 ? {W{1'b0}}
                : clamped;
endmodule
`default_nettype wire

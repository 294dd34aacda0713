// fx_cordic_merge: one PolarNorm merge (docs/algorithms.md 6.2 step 4): n vectoring-CORDIC
// iterations on the pair (x, y) = (smaller, larger) of two tree values, then the gain 1/K_n.
// Sequential, one iteration per clock (one pair of shifters and adders):
//
//   start:      x <= x0, y <= y0, k <= 0                       (iteration 0: the inputs)
//   k < N:      dir = +1 if y >= 0 else -1
//               x <= x + dir * (y >>> k),  y <= y - dir * (x >>> k),  k <= k + 1   (floor)
//   k == N:     merged = ovf_T(shr_{I_ROUNDING}(x * GAIN_M, GAIN_SHIFT))   (combinational)
//
// Widths: tree values IW bits unsigned (the internal format T); the CORDIC registers signed
// IW + 3 bits (never overflow, algorithms 6.3); the gain product IW + 3 + GMW + 1 bits (exact).
// `overflow` is the gain's event (ovf_T with I_OVERFLOW), valid with `merged` when done.
`default_nettype none
module fx_cordic_merge #(
    parameter integer IW = 32,                 // internal (tree) width, unsigned
    parameter integer N = 8,                   // CORDIC iterations, 1..32
    parameter integer GMW = 16,                // width of the gain multiplier (unsigned)
    parameter [63:0] GAIN_M = 39797,           // round(2^GAIN_SHIFT / K_n), GMW bits
    parameter integer GAIN_SHIFT = 16,
    parameter integer I_ROUNDING = 2,          // the internal format's rounding and overflow
    parameter integer I_OVERFLOW = 1,
    parameter integer CW = IW + 3,             // CORDIC register width, signed
    parameter integer KW = $clog2(N + 1)       // iteration counter 0..N
) (
    input  wire                 clk,
    input  wire                 start,
    input  wire [IW-1:0]        x0,
    input  wire [IW-1:0]        y0,
    output reg  signed [CW-1:0] x,
    output reg  signed [CW-1:0] y,
    output reg  [KW-1:0]        iteration,     // k: x, y hold the state after k iterations
    output wire                 done,          // k == N: merged and overflow are valid
    output wire [IW-1:0]        merged,
    output wire                 overflow
);
    localparam integer PW = CW + GMW + 1;      // x_n * GAIN_M, signed, exact
    assign done = iteration == N[KW-1:0];

    wire signed [CW-1:0] y_shift = y >>> iteration;
    wire signed [CW-1:0] x_shift = x >>> iteration;
    wire negative = y[CW-1];
    always @(posedge clk)
        if (start) begin
            x <= {3'b000, x0};
            y <= {3'b000, y0};
            iteration <= {KW{1'b0}};
        end else if (!done) begin
            x <= negative ? x - y_shift : x + y_shift;
            y <= negative ? y + x_shift : y - x_shift;
            iteration <= iteration + 1'b1;
        end

    wire signed [PW-1:0] product = {{(GMW+1){x[CW-1]}}, x}
                                 * $signed({1'b0, GAIN_M[GMW-1:0]});
    wire signed [PW:0] scaled;
    fx_shift_round #(.IN_W(PW), .K(GAIN_SHIFT), .ROUNDING(I_ROUNDING)) gain (
        .x(product), .y(scaled));
    fx_fit #(.IN_W(PW + 1), .W(IW), .SIGNED(0), .OVERFLOW(I_OVERFLOW)) fit (
        .x(scaled), .word(merged), .overflow(overflow));
endmodule
`default_nettype wire

// fx_pwl_exp: exp(x) on [-L, L] from K linear segments (docs/algorithms.md section 5).
// Combinational: one LUT read, one multiply, one add, one requantization per input.
//
//   x < X_LO : y = 0,      index = -1
//   x > X_HI : y = UPPER,  index = K                      (e^L, a constant of the design)
//   else     : idx = #{j : knot[j] < x}                   (K - 1 interior knots, ordered)
//              p   = slope[idx] * x                       frac FA + FX
//              t   = p + (intercept[idx] << S)            S = FA + FX - FB >= 0 (exact)
//              y   = ovf_Y(shr_Q(t, FA + FX - FO))        Q, overflow: the output format's
//                    (t << (FO - FA - FX) when FO > FA + FX)
//
// The tables are ROMs initialised with $readmemh from the golden set's knots.hex, slope.hex
// and intercept.hex (RND_CONV-quantized by fxsim's build_lut; the RTL only reads them).
// Widths: x XW bits (X_SIGNED), knots KW bits (KNOT_SIGNED), slope AW bits (A_SIGNED),
// intercept BW bits (B_SIGNED), y YW bits (Y_SIGNED). The product has PW bits and the sum
// SUMW bits, both exact (no internal rounding or wrap); product / sum are 0 outside [-L, L].
`default_nettype none
module fx_pwl_exp #(
    parameter integer XW = 16, parameter integer X_SIGNED = 1, parameter integer FX = 12,
    parameter integer KW = 16, parameter integer KNOT_SIGNED = 1,
    parameter integer AW = 32, parameter integer A_SIGNED = 0, parameter integer FA = 24,
    parameter integer BW = 32, parameter integer B_SIGNED = 1, parameter integer FB = 21,
    parameter integer YW = 32, parameter integer Y_SIGNED = 0, parameter integer FO = 23,
    parameter integer Y_ROUNDING = 6, parameter integer Y_OVERFLOW = 1,
    parameter integer K = 64,
    parameter signed [63:0] X_LO = -20480,     // first raw input with value >= -L
    parameter signed [63:0] X_HI = 20480,      // last raw input with value <= L
    parameter [63:0] UPPER = 1244979814,       // e^L, raw in the output format
    parameter KNOT_FILE = "knots.hex",
    parameter SLOPE_FILE = "slope.hex",
    parameter INTERCEPT_FILE = "intercept.hex",
    parameter integer IDX_W = $clog2(K + 1) + 1,                           // signed, -1..K
    parameter integer PW = AW + (A_SIGNED != 0 ? 0 : 1) + XW + (X_SIGNED != 0 ? 0 : 1),
    parameter integer S = FA + FX - FB,
    parameter integer SUMW = (PW > BW + (B_SIGNED != 0 ? 0 : 1) + S ? PW
                              : BW + (B_SIGNED != 0 ? 0 : 1) + S) + 1
) (
    input  wire [XW-1:0]           x,
    output wire [YW-1:0]           y,
    output wire signed [IDX_W-1:0] index,
    output wire signed [PW-1:0]    product,
    output wire signed [SUMW-1:0]  sum,
    output wire                    overflow
);
    localparam integer DROP = FA + FX - FO;      // bits the output requantization drops
    localparam integer CMPW = (XW > KW ? XW : KW) + 1;
    localparam integer ADDR_W = K > 1 ? $clog2(K) : 1;     // LUT address (segment < K)

    reg [KW-1:0] knot_rom [0:(K > 1 ? K - 2 : 0)];
    reg [AW-1:0] slope_rom [0:K-1];
    reg [BW-1:0] intercept_rom [0:K-1];
    initial begin
        if (K > 1) $readmemh(KNOT_FILE, knot_rom);
        $readmemh(SLOPE_FILE, slope_rom);
        $readmemh(INTERCEPT_FILE, intercept_rom);
    end

    // ---- range and segment --------------------------------------------------------------------
    wire signed [64:0] x_wide = {{(65-XW){X_SIGNED != 0 && x[XW-1]}}, x};
    wire below = x_wide < $signed({X_LO[63], X_LO});
    wire above = x_wide > $signed({X_HI[63], X_HI});
    wire in_range = !below && !above;
    wire signed [CMPW-1:0] x_cmp = x_wide[CMPW-1:0];
    reg [IDX_W-1:0] segment;
    reg [KW-1:0] knot;
    integer j;
    always @* begin                              // lower bound: knots strictly below x
        segment = {IDX_W{1'b0}};
        for (j = 0; j < K - 1; j = j + 1) begin
            knot = knot_rom[j];
            if ($signed({{(CMPW-KW){KNOT_SIGNED != 0 && knot[KW-1]}}, knot}) < x_cmp)
                segment = segment + 1'b1;
        end
    end

    // ---- one LUT read, one multiply-add ---------------------------------------------------------
    wire [ADDR_W-1:0] row = segment[ADDR_W-1:0];
    wire [AW-1:0] slope = slope_rom[row];
    wire [BW-1:0] intercept = intercept_rom[row];
    wire signed [AW:0] a_s = {A_SIGNED != 0 && slope[AW-1], slope};
    wire signed [XW:0] x_s = {X_SIGNED != 0 && x[XW-1], x};
    wire signed [PW-1:0] p = a_s * x_s;
    wire signed [SUMW-1:0] b_aligned = $signed({{(SUMW-BW){B_SIGNED != 0 && intercept[BW-1]}},
                                                intercept}) <<< S;
    wire signed [SUMW-1:0] t = {{(SUMW-PW){p[PW-1]}}, p} + b_aligned;

    // ---- output requantization ------------------------------------------------------------------
    wire [YW-1:0] y_fit;
    wire y_event;
    generate
        if (DROP >= 0) begin : narrow
            wire signed [SUMW:0] rounded;
            fx_shift_round #(.IN_W(SUMW), .K(DROP), .ROUNDING(Y_ROUNDING)) shr (.x(t), .y(rounded));
            fx_fit #(.IN_W(SUMW + 1), .W(YW), .SIGNED(Y_SIGNED), .OVERFLOW(Y_OVERFLOW))
                fit (.x(rounded), .word(y_fit), .overflow(y_event));
        end else begin : widen
            wire signed [SUMW-DROP-1:0] widened = {{(-DROP){t[SUMW-1]}}, t} <<< (-DROP);
            fx_fit #(.IN_W(SUMW - DROP), .W(YW), .SIGNED(Y_SIGNED), .OVERFLOW(Y_OVERFLOW))
                fit (.x(widened), .word(y_fit), .overflow(y_event));
        end
    endgenerate

    assign y = below ? {YW{1'b0}} : above ? UPPER[YW-1:0] : y_fit;
    assign index = below ? {IDX_W{1'b1}} : above ? K[IDX_W-1:0] : $signed(segment);
    assign product = in_range ? p : {PW{1'b0}};
    assign sum = in_range ? t : {SUMW{1'b0}};
    assign overflow = in_range && y_event;
endmodule
`default_nettype wire

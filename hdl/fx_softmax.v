// fx_softmax: the whole nlspike softmax datapath over one row of D inputs (docs/algorithms.md
// 7.1), composed from fx_requant, fx_pwl_exp, an accumulator and fx_divgroup. Sequential:
// `start` loads the row; then one element per clock through PWL-Exp (exp_valid), then three
// clocks per element through the Division group (out_valid); `ready` when the row is done.
//
//   max  = max_j x_j                              (a comparator tree over the row)
//   s_j  = x_j - max + L_RAW                      exact, <= L
//   z_j  = rq_E(s_j, EXP_IN_DROP)                 E: PWL-Exp's input format, saturating
//   e_j  = PWL-Exp(z_j)                           unsigned EW bits
//   S    = sum_j e_j                              the accumulator, ACC_W bits, exact
//   y_j  = the Division group's e_j / max(S, 1), requantized into the output (OUT_DROP)
//
// Trace ports: exp_valid with `element`, z, e, index, product, sum; `total` (S, valid from the
// first out_valid on); out_valid with `element`, y, membrane, latched. Events: clamp_event,
// pwl_event (with exp_valid), q_event (with out_valid).
`default_nettype none
module fx_softmax #(
    parameter integer XW = 32, parameter integer X_SIGNED = 1,
    parameter integer D = 16,
    parameter signed [63:0] L_RAW = 83886080,           // L on the input's grid, > 0
    parameter integer L_W = 28,                           // bits of L_RAW
    parameter integer EXP_IN_DROP = 0, parameter integer EIN_ROUNDING = 0,
    parameter integer EIN_OVERFLOW = 1,
    // PWL-Exp (fx_pwl_exp's parameters; its input is E)
    parameter integer EIN_W = 32, parameter integer EIN_SIGNED = 1, parameter integer FE = 24,
    parameter integer KW = 32, parameter integer KNOT_SIGNED = 1,
    parameter integer AW = 32, parameter integer A_SIGNED = 0, parameter integer FA = 24,
    parameter integer BW = 32, parameter integer B_SIGNED = 1, parameter integer FB = 21,
    parameter integer EW = 32, parameter integer FO = 23,
    parameter integer E_ROUNDING = 6, parameter integer E_OVERFLOW = 1,
    parameter integer K = 64,
    parameter signed [63:0] X_LO = -83886080,
    parameter signed [63:0] X_HI = 83886080,
    parameter [63:0] UPPER = 1244979814,
    parameter KNOT_FILE = "pwl_exp_knots.hex",
    parameter SLOPE_FILE = "pwl_exp_slope.hex",
    parameter INTERCEPT_FILE = "pwl_exp_intercept.hex",
    // the Division group and the output
    parameter integer N = 8, parameter integer G = 256,
    parameter integer NORMALIZE = 1, parameter integer NORMALIZE_BIT = 40,
    parameter integer OUT_W = 9, parameter integer OUT_SIGNED = 0,
    parameter integer OUT_ROUNDING = 0, parameter integer OUT_OVERFLOW = 1,
    parameter integer OUT_DROP = 0,
    // derived widths
    parameter integer SW = (XW > L_W ? XW : L_W) + 2,     // s = x - max + L, signed
    parameter integer ACC_W = EW + $clog2(D) + 1,
    parameter integer VW = EW + NORMALIZE_BIT + 1,
    parameter integer IDX_W = $clog2(K + 1) + 1,
    parameter integer PRW = AW + (A_SIGNED != 0 ? 0 : 1) + EIN_W + (EIN_SIGNED != 0 ? 0 : 1),
    parameter integer SUMW = (PRW > BW + (B_SIGNED != 0 ? 0 : 1) + FA + FE - FB ? PRW
                              : BW + (B_SIGNED != 0 ? 0 : 1) + FA + FE - FB) + 1,
    parameter integer CNT_W = $clog2(G + 1),
    parameter integer J_W = $clog2(D + 1)
) (
    input  wire                    clk,
    input  wire                    start,
    input  wire [D*XW-1:0]         x,             // x_j = x[j*XW +: XW]
    output reg                     ready,
    output reg  [J_W-1:0]          element,
    output wire                    exp_valid,
    output wire [EIN_W-1:0]        z,
    output wire [EW-1:0]           e,
    output wire signed [IDX_W-1:0] index,
    output wire signed [PRW-1:0]   product,
    output wire signed [SUMW-1:0]  sum,
    output reg  [ACC_W-1:0]        total,
    output wire                    out_valid,
    output wire [OUT_W-1:0]        y,
    output wire [VW-1:0]           membrane,
    output wire [CNT_W-1:0]        latched,
    output wire                    clamp_event,
    output wire                    pwl_event,
    output wire                    q_event
);
    localparam [2:0] IDLE = 3'd0, EXP = 3'd1, DIV_LOAD = 3'd2, DIV_STEP = 3'd3, DIV_OUT = 3'd4;
    reg [2:0] state;
    reg [D*XW-1:0] row;
    reg [EW-1:0] e_mem [0:(1<<J_W)-1];              // D used; the index is J_W bits wide

    // ---- the row maximum and s_j ----------------------------------------------------------------
    function signed [SW-1:0] widen(input [XW-1:0] v);
        widen = {{(SW-XW){X_SIGNED != 0 && v[XW-1]}}, v};
    endfunction
    reg signed [SW-1:0] top;
    integer m;
    always @* begin
        top = widen(row[XW-1:0]);
        for (m = 1; m < D; m = m + 1)
            if (widen(row[m*XW +: XW]) > top)
                top = widen(row[m*XW +: XW]);
    end
    wire [J_W-1:0] j = element;
    /* verilator lint_off WIDTH */
    wire [XW-1:0] xj = row[j*XW +: XW];
    /* verilator lint_on WIDTH */
    wire signed [SW-1:0] s = widen(xj) - top + L_RAW[SW-1:0];

    // ---- z = rq_E(s), e = PWL-Exp(z) ------------------------------------------------------------
    fx_requant #(.IN_W(SW), .DROP(EXP_IN_DROP), .ROUNDING(EIN_ROUNDING), .W(EIN_W),
                 .SIGNED(EIN_SIGNED), .OVERFLOW(EIN_OVERFLOW))
        to_exp (.x(s), .word(z), .overflow(clamp_event));
    fx_pwl_exp #(
        .XW(EIN_W), .X_SIGNED(EIN_SIGNED), .FX(FE), .KW(KW), .KNOT_SIGNED(KNOT_SIGNED),
        .AW(AW), .A_SIGNED(A_SIGNED), .FA(FA), .BW(BW), .B_SIGNED(B_SIGNED), .FB(FB),
        .YW(EW), .Y_SIGNED(0), .FO(FO), .Y_ROUNDING(E_ROUNDING), .Y_OVERFLOW(E_OVERFLOW),
        .K(K), .X_LO(X_LO), .X_HI(X_HI), .UPPER(UPPER), .KNOT_FILE(KNOT_FILE),
        .SLOPE_FILE(SLOPE_FILE), .INTERCEPT_FILE(INTERCEPT_FILE)
    ) exp_unit (.x(z), .y(e), .index(index), .product(product), .sum(sum), .overflow(pwl_event));
    assign exp_valid = state == EXP;

    // ---- e_j / max(S, 1) through the Division group ---------------------------------------------
    wire [ACC_W-1:0] divisor = total == {ACC_W{1'b0}} ? {{(ACC_W-1){1'b0}}, 1'b1} : total;
    wire [EW-1:0] ej = e_mem[j];
    wire [$clog2(NORMALIZE_BIT + 1):0] unused_shift;
    wire [ACC_W+(NORMALIZE != 0 ? NORMALIZE_BIT : 0):0] unused_theta;
    fx_divgroup #(
        .AW(EW), .A_SIGNED(0), .BW(ACC_W), .N(N), .G(G), .NORMALIZE(NORMALIZE),
        .NORMALIZE_BIT(NORMALIZE_BIT), .VW(VW), .OUT_W(OUT_W), .OUT_SIGNED(OUT_SIGNED),
        .OUT_ROUNDING(OUT_ROUNDING), .OUT_OVERFLOW(OUT_OVERFLOW), .OUT_DROP(OUT_DROP)
    ) group (.clk(clk), .start(state == DIV_LOAD), .step(state == DIV_STEP), .a(ej),
             .b(divisor), .shift(unused_shift), .theta(unused_theta), .membrane(membrane),
             .latched(latched), .quotient(y), .overflow(q_event));
    assign out_valid = state == DIV_OUT;
    wire unused = ^{unused_shift, unused_theta};

    // ---- control ---------------------------------------------------------------------------------
    wire last = element == D[J_W-1:0] - 1'b1;
    always @(posedge clk)
        if (start) begin
            row <= x;
            element <= {J_W{1'b0}};
            total <= {ACC_W{1'b0}};
            ready <= 1'b0;
            state <= EXP;
        end else case (state)
            EXP: begin
                e_mem[j] <= e;
                total <= total + {{(ACC_W-EW){1'b0}}, e};
                element <= last ? {J_W{1'b0}} : element + 1'b1;
                state <= last ? DIV_LOAD : EXP;
            end
            DIV_LOAD: state <= DIV_STEP;
            DIV_STEP: state <= DIV_OUT;
            DIV_OUT: begin
                element <= last ? {J_W{1'b0}} : element + 1'b1;
                ready <= last;
                state <= last ? IDLE : DIV_LOAD;
            end
            default: state <= IDLE;
        endcase
endmodule
`default_nettype wire

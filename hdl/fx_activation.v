// fx_activation: the whole nlspike sigmoid / silu / gelu_tanh datapath (docs/algorithms.md
// 7.2), composed from fx_requant, fx_pwl_exp and fx_divgroup. One element at a time: x is held
// while `start` (loads the denominator into the Division group) and then `step` (integrates
// the numerator) are pulsed; y and the trace outputs are valid after the step.
//
//   gelu_tanh (KIND 2): xc = clamp(x, +-CLIP_RAW); xp = rq_P(xc, POLY_IN_DROP)
//                       x2 = rq_P(xp xp, POLY_FRAC); x3 = rq_P(x2 xp, POLY_FRAC)
//                       w  = rq_P(xp C1_M, C1_SHIFT) + rq_P(x3 C3_M, C3_SHIFT)   (= 2u)
//   sigmoid, silu:      w  = x
//   z   = rq_E(-w, EXP_IN_DROP)            E: PWL-Exp's input format, saturating (the clamp)
//   e   = PWL-Exp(z), index -1 below -L, K above L
//   A   = 2^FO (sigmoid), else 0 where index is -1 or K, else x << NUM_SHIFT
//   B   = (2^FO + e) << DEN_SHIFT
//   q   = the Division group's A / B, requantized into the output (OUT_DROP)
//   y   = q; silu / gelu_tanh: 0 where index = K (-w > L), rq_OUT(x, BYPASS_DROP) where
//         index = -1 (-w < -L: the exp term is 0, the quotient is x)
//
// Widths: x XW bits (X_SIGNED); P PW bits (P_SIGNED); E EIN_W bits; e the PWL-Exp output EW
// bits (unsigned); A NW bits signed, B DW bits unsigned (both exact); y OUT_W bits. Events:
// poly_events (x2, x3, t1, t3 overflow bits, gelu_tanh), clamp_event, pwl_event, q_event, bypass_event.
`default_nettype none
module fx_activation #(
    parameter integer KIND = 0,                           // 0 sigmoid, 1 silu, 2 gelu_tanh
    parameter integer XW = 32, parameter integer X_SIGNED = 1,
    // gelu_tanh's polynomial in P
    parameter [63:0] CLIP_RAW = 0,
    parameter integer PW = 32, parameter integer P_SIGNED = 1,
    parameter integer P_ROUNDING = 2, parameter integer P_OVERFLOW = 1,
    parameter integer POLY_IN_DROP = 0, parameter integer POLY_FRAC = 24,
    parameter integer C1W = 24, parameter [63:0] C1_M = 0, parameter integer C1_SHIFT = 0,
    parameter integer C3W = 24, parameter [63:0] C3_M = 0, parameter integer C3_SHIFT = 0,
    // -w into PWL-Exp's input format E
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
    parameter integer DEN_SHIFT = 0, parameter integer NUM_SHIFT = 0,
    parameter integer N = 8, parameter integer G = 256,
    parameter integer NORMALIZE = 1, parameter integer NORMALIZE_BIT = 40,
    parameter integer OUT_W = 16, parameter integer OUT_SIGNED = 1,
    parameter integer OUT_ROUNDING = 0, parameter integer OUT_OVERFLOW = 1,
    parameter integer OUT_DROP = 0, parameter integer BYPASS_DROP = 16,
    // derived widths
    parameter integer WW = (XW > PW + 1 ? XW : PW + 1) + 1,         // w and -w, signed
    parameter integer NW = (XW + NUM_SHIFT > FO + 1 ? XW + NUM_SHIFT : FO + 1) + 1,
    parameter integer DW = EW + 2 + DEN_SHIFT,
    parameter integer VW = NW + NORMALIZE_BIT + 1,
    parameter integer IDX_W = $clog2(K + 1) + 1,
    parameter integer PRW = AW + (A_SIGNED != 0 ? 0 : 1) + EIN_W + (EIN_SIGNED != 0 ? 0 : 1),
    parameter integer SUMW = (PRW > BW + (B_SIGNED != 0 ? 0 : 1) + FA + FE - FB ? PRW
                              : BW + (B_SIGNED != 0 ? 0 : 1) + FA + FE - FB) + 1,
    parameter integer THW = DW + (NORMALIZE != 0 ? NORMALIZE_BIT : 0) + 1,
    parameter integer CNT_W = $clog2(G + 1)
) (
    input  wire                    clk,
    input  wire                    start,
    input  wire                    step,
    input  wire [XW-1:0]           x,
    output wire [OUT_W-1:0]        y,
    output wire [PW-1:0]           x2,
    output wire [PW-1:0]           x3,
    output wire signed [WW-1:0]    w,
    output wire [EIN_W-1:0]        z,
    output wire [EW-1:0]           e,
    output wire signed [IDX_W-1:0] index,
    output wire signed [PRW-1:0]   product,
    output wire signed [SUMW-1:0]  sum,
    output wire signed [NW-1:0]    numerator,
    output wire [DW-1:0]           denominator,
    output wire [VW-1:0]           membrane,
    output wire [CNT_W-1:0]        latched,
    output wire [3:0]              poly_events,
    output wire                    clamp_event,
    output wire                    pwl_event,
    output wire                    q_event,
    output wire                    bypass_event
);
    wire signed [XW:0] xs = {X_SIGNED != 0 && x[XW-1], x};          // x, signed

    // ---- w: x, or gelu_tanh's polynomial 2u ---------------------------------------------------
    generate
        if (KIND == 2) begin : gelu
            wire signed [64:0] clip = {1'b0, CLIP_RAW};
            wire signed [64:0] x_wide = {{(64-XW){xs[XW]}}, xs};
            wire signed [64:0] xc = x_wide > clip ? clip : (x_wide < -clip ? -clip : x_wide);
            wire [PW-1:0] xp;
            wire unused_xp_event;                                    // not counted
            fx_requant #(.IN_W(65), .DROP(POLY_IN_DROP), .ROUNDING(P_ROUNDING), .W(PW),
                         .SIGNED(P_SIGNED), .OVERFLOW(P_OVERFLOW))
                to_p (.x(xc), .word(xp), .overflow(unused_xp_event));
            wire signed [PW:0] xp_s = {P_SIGNED != 0 && xp[PW-1], xp};
            wire signed [PW:0] x2_s = {P_SIGNED != 0 && x2[PW-1], x2};
            wire signed [PW:0] x3_s = {P_SIGNED != 0 && x3[PW-1], x3};
            wire signed [2*PW+1:0] square = xp_s * xp_s;
            wire signed [2*PW+1:0] cube = x2_s * xp_s;
            wire signed [PW+C1W+1:0] p1 = xp_s * $signed({1'b0, C1_M[C1W-1:0]});
            wire signed [PW+C3W+1:0] p3 = x3_s * $signed({1'b0, C3_M[C3W-1:0]});
            wire [PW-1:0] t1, t3;
            fx_requant #(.IN_W(2 * PW + 2), .DROP(POLY_FRAC), .ROUNDING(P_ROUNDING), .W(PW),
                         .SIGNED(P_SIGNED), .OVERFLOW(P_OVERFLOW))
                sq (.x(square), .word(x2), .overflow(poly_events[0]));
            fx_requant #(.IN_W(2 * PW + 2), .DROP(POLY_FRAC), .ROUNDING(P_ROUNDING), .W(PW),
                         .SIGNED(P_SIGNED), .OVERFLOW(P_OVERFLOW))
                cu (.x(cube), .word(x3), .overflow(poly_events[1]));
            fx_requant #(.IN_W(PW + C1W + 2), .DROP(C1_SHIFT), .ROUNDING(P_ROUNDING), .W(PW),
                         .SIGNED(P_SIGNED), .OVERFLOW(P_OVERFLOW))
                c1 (.x(p1), .word(t1), .overflow(poly_events[2]));
            fx_requant #(.IN_W(PW + C3W + 2), .DROP(C3_SHIFT), .ROUNDING(P_ROUNDING), .W(PW),
                         .SIGNED(P_SIGNED), .OVERFLOW(P_OVERFLOW))
                c3 (.x(p3), .word(t3), .overflow(poly_events[3]));
            wire signed [WW-1:0] t1_w = {{(WW-PW){P_SIGNED != 0 && t1[PW-1]}}, t1};
            wire signed [WW-1:0] t3_w = {{(WW-PW){P_SIGNED != 0 && t3[PW-1]}}, t3};
            assign w = t1_w + t3_w;
        end else begin : plain
            assign x2 = {PW{1'b0}};
            assign x3 = {PW{1'b0}};
            assign poly_events = 4'b0000;
            assign w = {{(WW-XW-1){xs[XW]}}, xs};
        end
    endgenerate

    // ---- z = -w into E (saturating: the designed clamp), e = PWL-Exp(z) ------------------------
    wire signed [WW-1:0] negated = -w;
    fx_requant #(.IN_W(WW), .DROP(EXP_IN_DROP), .ROUNDING(EIN_ROUNDING), .W(EIN_W),
                 .SIGNED(EIN_SIGNED), .OVERFLOW(EIN_OVERFLOW))
        to_exp (.x(negated), .word(z), .overflow(clamp_event));
    fx_pwl_exp #(
        .XW(EIN_W), .X_SIGNED(EIN_SIGNED), .FX(FE), .KW(KW), .KNOT_SIGNED(KNOT_SIGNED),
        .AW(AW), .A_SIGNED(A_SIGNED), .FA(FA), .BW(BW), .B_SIGNED(B_SIGNED), .FB(FB),
        .YW(EW), .Y_SIGNED(0), .FO(FO), .Y_ROUNDING(E_ROUNDING), .Y_OVERFLOW(E_OVERFLOW),
        .K(K), .X_LO(X_LO), .X_HI(X_HI), .UPPER(UPPER), .KNOT_FILE(KNOT_FILE),
        .SLOPE_FILE(SLOPE_FILE), .INTERCEPT_FILE(INTERCEPT_FILE)
    ) exp_unit (.x(z), .y(e), .index(index), .product(product), .sum(sum), .overflow(pwl_event));

    // ---- the Division group's operands ---------------------------------------------------------
    localparam [IDX_W-1:0] BELOW = {IDX_W{1'b1}};               // -1
    localparam [IDX_W-1:0] ABOVE = K[IDX_W-1:0];
    wire gated = KIND != 0;
    wire zero = gated && $unsigned(index) == ABOVE;                // -w > L
    wire bypass = gated && $unsigned(index) == BELOW;              // -w < -L
    wire signed [NW-1:0] one_a = {{(NW-1){1'b0}}, 1'b1} <<< FO;
    wire signed [NW-1:0] x_num = {{(NW-XW-1){xs[XW]}}, xs} <<< NUM_SHIFT;
    assign numerator = !gated ? one_a : (zero || bypass ? {NW{1'b0}} : x_num);
    wire [DW-1:0] one_b = {{(DW-1){1'b0}}, 1'b1} << FO;
    assign denominator = (one_b + {{(DW-EW){1'b0}}, e}) << DEN_SHIFT;

    wire [OUT_W-1:0] quotient;
    wire unused_shift;
    wire [THW-1:0] unused_theta;
    wire [$clog2(NORMALIZE_BIT + 1):0] shift;
    assign unused_shift = ^shift;
    fx_divgroup #(
        .AW(NW), .A_SIGNED(1), .BW(DW), .N(N), .G(G), .NORMALIZE(NORMALIZE),
        .NORMALIZE_BIT(NORMALIZE_BIT), .VW(VW), .OUT_W(OUT_W), .OUT_SIGNED(OUT_SIGNED),
        .OUT_ROUNDING(OUT_ROUNDING), .OUT_OVERFLOW(OUT_OVERFLOW), .OUT_DROP(OUT_DROP)
    ) group (.clk(clk), .start(start), .step(step), .a(numerator), .b(denominator),
             .shift(shift), .theta(unused_theta), .membrane(membrane), .latched(latched),
             .quotient(quotient), .overflow(q_event));

    // ---- the gates and the output ----------------------------------------------------------------
    wire [OUT_W-1:0] passed;
    wire pass_event;
    fx_requant #(.IN_W(XW + 1), .DROP(BYPASS_DROP), .ROUNDING(OUT_ROUNDING), .W(OUT_W),
                 .SIGNED(OUT_SIGNED), .OVERFLOW(OUT_OVERFLOW))
        pass (.x(xs), .word(passed), .overflow(pass_event));
    assign bypass_event = bypass && pass_event;
    assign y = zero ? {OUT_W{1'b0}} : (bypass ? passed : quotient);
endmodule
`default_nettype wire

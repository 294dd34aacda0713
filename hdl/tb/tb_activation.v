// tb_activation: runs fx_activation over an nlspike sigmoid / silu / gelu_tanh golden set and
// compares every output, counter and trace word. Run inside the set directory: the PWL-Exp
// ROMs load pwl_exp_knots.hex, pwl_exp_slope.hex and pwl_exp_intercept.hex; the bench loads
// input.hex, output.hex, the count_*.hex counters and (TRACED) every trace_*.hex. <NAME>_TW /
// <NAME>_TS: the stored width and signedness of each expected trace (the unit's own widths may
// be wider). Prints "N passed, N failed"; $fatal on a mismatch.
`default_nettype none
module tb_activation;
    parameter integer COUNT = 1, TRACED = 1;
    parameter integer KIND = 0, XW = 32, X_SIGNED = 1;
    parameter [63:0] CLIP_RAW = 0;
    parameter integer PW = 32, P_SIGNED = 1, P_ROUNDING = 2, P_OVERFLOW = 1;
    parameter integer POLY_IN_DROP = 0, POLY_FRAC = 24;
    parameter integer C1W = 24, C1_SHIFT = 0, C3W = 24, C3_SHIFT = 0;
    parameter [63:0] C1_M = 0, C3_M = 0;
    parameter integer EXP_IN_DROP = 0, EIN_ROUNDING = 0, EIN_OVERFLOW = 1;
    parameter integer EIN_W = 32, EIN_SIGNED = 1, FE = 24, KW = 32, KNOT_SIGNED = 1;
    parameter integer AW = 32, A_SIGNED = 0, FA = 24, BW = 32, B_SIGNED = 1, FB = 21;
    parameter integer EW = 32, FO = 23, E_ROUNDING = 6, E_OVERFLOW = 1, K = 64;
    parameter signed [63:0] X_LO = -83886080;
    parameter signed [63:0] X_HI = 83886080;
    parameter [63:0] UPPER = 1244979814;
    parameter integer DEN_SHIFT = 0, NUM_SHIFT = 0, N = 8, G = 256;
    parameter integer NORMALIZE = 1, NORMALIZE_BIT = 40;
    parameter integer OUT_W = 16, OUT_SIGNED = 1, OUT_ROUNDING = 0, OUT_OVERFLOW = 1;
    parameter integer OUT_DROP = 0, BYPASS_DROP = 16;
    // stored widths / signedness of the expected traces
    parameter integer EXP_INPUT_TW = 32, EXP_INPUT_TS = 1, EXP_TW = 32, EXP_TS = 0;
    parameter integer NUMERATOR_TW = 32, NUMERATOR_TS = 1, DENOMINATOR_TW = 32, DENOMINATOR_TS = 0;
    parameter integer INDEX_TW = 8, INDEX_TS = 1, PRODUCT_TW = 59, PRODUCT_TS = 1;
    parameter integer SUM_TW = 60, SUM_TS = 1, MEMBRANE_TW = 41, MEMBRANE_TS = 0;
    parameter integer LATCHED_TW = 11, LATCHED_TS = 0;
    parameter integer X2_TW = 32, X2_TS = 1, X3_TW = 32, X3_TS = 1, TWO_U_TW = 32, TWO_U_TS = 1;

    localparam integer WW = (XW > PW + 1 ? XW : PW + 1) + 1;
    localparam integer NW = (XW + NUM_SHIFT > FO + 1 ? XW + NUM_SHIFT : FO + 1) + 1;
    localparam integer DW = EW + 2 + DEN_SHIFT, VW = NW + NORMALIZE_BIT + 1;
    localparam integer IDX_W = $clog2(K + 1) + 1;
    localparam integer PRW = AW + (A_SIGNED != 0 ? 0 : 1) + EIN_W + (EIN_SIGNED != 0 ? 0 : 1);
    localparam integer BSW = BW + (B_SIGNED != 0 ? 0 : 1) + FA + FE - FB;
    localparam integer SUMW = (PRW > BSW ? PRW : BSW) + 1, CNT_W = $clog2(G + 1);

    reg [63:0] input_mem [0:COUNT-1], want_output [0:COUNT-1];
    reg [63:0] want_clamp [0:0], want_pwl [0:0], want_q [0:0], want_in [0:0], want_out [0:0];
    reg [63:0] want_poly [0:0], want_total [0:0];
    reg [63:0] want_z [0:COUNT-1], want_e [0:COUNT-1], want_a [0:COUNT-1], want_b [0:COUNT-1];
    reg [63:0] want_index [0:COUNT-1], want_product [0:COUNT-1], want_sum [0:COUNT-1];
    reg [63:0] want_membrane [0:COUNT-1], want_latched [0:COUNT-1];
    reg [63:0] want_x2 [0:COUNT-1], want_x3 [0:COUNT-1], want_w [0:COUNT-1];

    reg clk = 1'b0, start = 1'b0, step = 1'b0;
    reg [XW-1:0] x;
    wire [OUT_W-1:0] y;
    wire [PW-1:0] x2, x3;
    wire signed [WW-1:0] w;
    wire [EIN_W-1:0] z;
    wire [EW-1:0] e;
    wire signed [IDX_W-1:0] index;
    wire signed [PRW-1:0] product;
    wire signed [SUMW-1:0] sum;
    wire signed [NW-1:0] numerator;
    wire [DW-1:0] denominator;
    wire [VW-1:0] membrane;
    wire [CNT_W-1:0] latched;
    wire [3:0] poly_events;
    wire clamp_event, pwl_event, q_event, bypass_event;
    fx_activation #(
        .KIND(KIND), .XW(XW), .X_SIGNED(X_SIGNED), .CLIP_RAW(CLIP_RAW), .PW(PW),
        .P_SIGNED(P_SIGNED), .P_ROUNDING(P_ROUNDING), .P_OVERFLOW(P_OVERFLOW),
        .POLY_IN_DROP(POLY_IN_DROP), .POLY_FRAC(POLY_FRAC), .C1W(C1W), .C1_M(C1_M),
        .C1_SHIFT(C1_SHIFT), .C3W(C3W), .C3_M(C3_M), .C3_SHIFT(C3_SHIFT),
        .EXP_IN_DROP(EXP_IN_DROP), .EIN_ROUNDING(EIN_ROUNDING), .EIN_OVERFLOW(EIN_OVERFLOW),
        .EIN_W(EIN_W), .EIN_SIGNED(EIN_SIGNED), .FE(FE), .KW(KW), .KNOT_SIGNED(KNOT_SIGNED),
        .AW(AW), .A_SIGNED(A_SIGNED), .FA(FA), .BW(BW), .B_SIGNED(B_SIGNED), .FB(FB),
        .EW(EW), .FO(FO), .E_ROUNDING(E_ROUNDING), .E_OVERFLOW(E_OVERFLOW), .K(K),
        .X_LO(X_LO), .X_HI(X_HI), .UPPER(UPPER), .DEN_SHIFT(DEN_SHIFT), .NUM_SHIFT(NUM_SHIFT),
        .N(N), .G(G), .NORMALIZE(NORMALIZE), .NORMALIZE_BIT(NORMALIZE_BIT), .OUT_W(OUT_W),
        .OUT_SIGNED(OUT_SIGNED), .OUT_ROUNDING(OUT_ROUNDING), .OUT_OVERFLOW(OUT_OVERFLOW),
        .OUT_DROP(OUT_DROP), .BYPASS_DROP(BYPASS_DROP)
    ) dut (.clk(clk), .start(start), .step(step), .x(x), .y(y), .x2(x2), .x3(x3), .w(w),
           .z(z), .e(e), .index(index), .product(product), .sum(sum), .numerator(numerator),
           .denominator(denominator), .membrane(membrane), .latched(latched),
           .poly_events(poly_events), .clamp_event(clamp_event), .pwl_event(pwl_event),
           .q_event(q_event), .bypass_event(bypass_event));
    always #5 clk = ~clk;

    `include "tb_check.vh"

    integer j;
    reg [63:0] clamps, pwls, qs, bypasses, polys, total;

    // a W-bit word read as a number (sign-extended to 64 bits when S)

    initial begin
        $readmemh("input.hex", input_mem);
        $readmemh("output.hex", want_output);
        $readmemh("count_clamp_exp_input.hex", want_clamp);
        $readmemh("count_pwl_exp_overflow_output.hex", want_pwl);
        $readmemh("count_divgroup_overflow_q.hex", want_q);
        $readmemh("count_glue_overflow_input.hex", want_in);
        $readmemh("count_overflow.hex", want_total);
        if (KIND != 0) $readmemh("count_glue_overflow_output.hex", want_out);
        if (KIND == 2) $readmemh("count_glue_overflow_poly.hex", want_poly);
        if (TRACED != 0) begin
            $readmemh("trace_exp_input.hex", want_z);
            $readmemh("trace_exp.hex", want_e);
            $readmemh("trace_numerator.hex", want_a);
            $readmemh("trace_denominator.hex", want_b);
            $readmemh("trace_pwl_exp_index.hex", want_index);
            $readmemh("trace_pwl_exp_product.hex", want_product);
            $readmemh("trace_pwl_exp_sum.hex", want_sum);
            $readmemh("trace_divgroup_membrane.hex", want_membrane);
            $readmemh("trace_divgroup_latched.hex", want_latched);
            if (KIND == 2) begin
                $readmemh("trace_x2.hex", want_x2);
                $readmemh("trace_x3.hex", want_x3);
                $readmemh("trace_two_u.hex", want_w);
            end
        end
        clamps = 0; pwls = 0; qs = 0; bypasses = 0; polys = 0;
        for (j = 0; j < COUNT; j = j + 1) begin
            x = input_mem[j][XW-1:0];
            @(negedge clk) start = 1'b1;
            @(negedge clk) begin start = 1'b0; step = 1'b1; end
            @(negedge clk) step = 1'b0;
            compare("output", j, {{(64-OUT_W){1'b0}}, y}, want_output[j]);
            clamps = clamps + clamp_event;
            pwls = pwls + pwl_event;
            qs = qs + q_event;
            bypasses = bypasses + bypass_event;
            polys = polys + poly_events[0] + poly_events[1] + poly_events[2] + poly_events[3];
            if (TRACED != 0) begin
                compare("trace_exp_input", j, value(z, EIN_W, EIN_SIGNED),
                        value(want_z[j], EXP_INPUT_TW, EXP_INPUT_TS));
                compare("trace_exp", j, value(e, EW, 0), value(want_e[j], EXP_TW, EXP_TS));
                compare("trace_numerator", j, value(numerator, NW, 1),
                        value(want_a[j], NUMERATOR_TW, NUMERATOR_TS));
                compare("trace_denominator", j, value(denominator, DW, 0),
                        value(want_b[j], DENOMINATOR_TW, DENOMINATOR_TS));
                compare("trace_pwl_exp_index", j, value(index, IDX_W, 1),
                        value(want_index[j], INDEX_TW, INDEX_TS));
                compare("trace_pwl_exp_product", j, value(product, PRW, 1),
                        value(want_product[j], PRODUCT_TW, PRODUCT_TS));
                compare("trace_pwl_exp_sum", j, value(sum, SUMW, 1),
                        value(want_sum[j], SUM_TW, SUM_TS));
                compare("trace_divgroup_membrane", j, value(membrane, VW, 0),
                        value(want_membrane[j], MEMBRANE_TW, MEMBRANE_TS));
                compare("trace_divgroup_latched", j, value(latched, CNT_W, 0),
                        value(want_latched[j], LATCHED_TW, LATCHED_TS));
                if (KIND == 2) begin
                    compare("trace_x2", j, value(x2, PW, P_SIGNED), value(want_x2[j], X2_TW, X2_TS));
                    compare("trace_x3", j, value(x3, PW, P_SIGNED), value(want_x3[j], X3_TW, X3_TS));
                    compare("trace_two_u", j, value(w, WW, 1), value(want_w[j], TWO_U_TW, TWO_U_TS));
                end
            end
        end
        total = pwls + qs + bypasses + polys;                 // every overflow (clamps are not)
        compare("count_clamp_exp_input", 0, clamps, want_clamp[0]);
        compare("count_pwl_exp_overflow_output", 0, pwls, want_pwl[0]);
        compare("count_divgroup_overflow_q", 0, qs, want_q[0]);
        compare("count_glue_overflow_input", 0, 64'd0, want_in[0]);   // raw inputs
        if (KIND != 0) compare("count_glue_overflow_output", 0, bypasses, want_out[0]);
        if (KIND == 2) compare("count_glue_overflow_poly", 0, polys, want_poly[0]);
        compare("count_overflow", 0, total, want_total[0]);
        report("tb_activation");
    end
endmodule
`default_nettype wire

// tb_softmax: runs fx_softmax over the rows of an nlspike softmax golden set and compares every
// output, counter and trace word. Run inside the set directory: the PWL-Exp ROMs load the
// pwl_exp_*.hex tables; the bench loads input.hex, output.hex, the count_*.hex counters and
// (TRACED) every trace_*.hex. <NAME>_TW / <NAME>_TS: the stored width and signedness of each
// expected trace. Prints "N passed, N failed"; $fatal on a mismatch.
`default_nettype none
module tb_softmax;
    parameter integer ROWS = 1, TRACED = 1;
    parameter integer XW = 32, X_SIGNED = 1, D = 16;
    parameter signed [63:0] L_RAW = 83886080;
    parameter integer L_W = 28;
    parameter integer EXP_IN_DROP = 0, EIN_ROUNDING = 0, EIN_OVERFLOW = 1;
    parameter integer EIN_W = 32, EIN_SIGNED = 1, FE = 24, KW = 32, KNOT_SIGNED = 1;
    parameter integer AW = 32, A_SIGNED = 0, FA = 24, BW = 32, B_SIGNED = 1, FB = 21;
    parameter integer EW = 32, FO = 23, E_ROUNDING = 6, E_OVERFLOW = 1, K = 64;
    parameter signed [63:0] X_LO = -83886080;
    parameter signed [63:0] X_HI = 83886080;
    parameter [63:0] UPPER = 1244979814;
    parameter integer N = 8, G = 256, NORMALIZE = 1, NORMALIZE_BIT = 40;
    parameter integer OUT_W = 9, OUT_SIGNED = 0, OUT_ROUNDING = 0, OUT_OVERFLOW = 1;
    parameter integer OUT_DROP = 0;
    parameter integer SHIFTED_TW = 32, SHIFTED_TS = 1, EXP_TW = 32, EXP_TS = 0;
    parameter integer ROW_SUM_TW = 36, ROW_SUM_TS = 0;
    parameter integer INDEX_TW = 8, INDEX_TS = 1, PRODUCT_TW = 59, PRODUCT_TS = 1;
    parameter integer SUM_TW = 60, SUM_TS = 1, MEMBRANE_TW = 41, MEMBRANE_TS = 0;
    parameter integer LATCHED_TW = 9, LATCHED_TS = 0;

    localparam integer SIZE = ROWS * D;
    localparam integer ACC_W = EW + $clog2(D) + 1, VW = EW + NORMALIZE_BIT + 1;
    localparam integer IDX_W = $clog2(K + 1) + 1, J_W = $clog2(D + 1);
    localparam integer PRW = AW + (A_SIGNED != 0 ? 0 : 1) + EIN_W + (EIN_SIGNED != 0 ? 0 : 1);
    localparam integer BSW = BW + (B_SIGNED != 0 ? 0 : 1) + FA + FE - FB;
    localparam integer SUMW = (PRW > BSW ? PRW : BSW) + 1, CNT_W = $clog2(G + 1);

    reg [63:0] input_mem [0:SIZE-1], want_output [0:SIZE-1];
    reg [63:0] want_clamp [0:0], want_pwl [0:0], want_q [0:0], want_in [0:0], want_total [0:0];
    reg [63:0] want_z [0:SIZE-1], want_e [0:SIZE-1], want_row_sum [0:ROWS-1];
    reg [63:0] want_index [0:SIZE-1], want_product [0:SIZE-1], want_sum [0:SIZE-1];
    reg [63:0] want_membrane [0:SIZE-1], want_latched [0:SIZE-1];

    reg clk = 1'b0, start = 1'b0;
    reg [D*XW-1:0] x;
    wire ready, exp_valid, out_valid, clamp_event, pwl_event, q_event;
    wire [J_W-1:0] element;
    wire [EIN_W-1:0] z;
    wire [EW-1:0] e;
    wire signed [IDX_W-1:0] index;
    wire signed [PRW-1:0] product;
    wire signed [SUMW-1:0] sum;
    wire [ACC_W-1:0] total;
    wire [OUT_W-1:0] y;
    wire [VW-1:0] membrane;
    wire [CNT_W-1:0] latched;
    fx_softmax #(
        .XW(XW), .X_SIGNED(X_SIGNED), .D(D), .L_RAW(L_RAW), .L_W(L_W),
        .EXP_IN_DROP(EXP_IN_DROP), .EIN_ROUNDING(EIN_ROUNDING), .EIN_OVERFLOW(EIN_OVERFLOW),
        .EIN_W(EIN_W), .EIN_SIGNED(EIN_SIGNED), .FE(FE), .KW(KW), .KNOT_SIGNED(KNOT_SIGNED),
        .AW(AW), .A_SIGNED(A_SIGNED), .FA(FA), .BW(BW), .B_SIGNED(B_SIGNED), .FB(FB),
        .EW(EW), .FO(FO), .E_ROUNDING(E_ROUNDING), .E_OVERFLOW(E_OVERFLOW), .K(K),
        .X_LO(X_LO), .X_HI(X_HI), .UPPER(UPPER), .N(N), .G(G), .NORMALIZE(NORMALIZE),
        .NORMALIZE_BIT(NORMALIZE_BIT), .OUT_W(OUT_W), .OUT_SIGNED(OUT_SIGNED),
        .OUT_ROUNDING(OUT_ROUNDING), .OUT_OVERFLOW(OUT_OVERFLOW), .OUT_DROP(OUT_DROP)
    ) dut (.clk(clk), .start(start), .x(x), .ready(ready), .element(element),
           .exp_valid(exp_valid), .z(z), .e(e), .index(index), .product(product), .sum(sum),
           .total(total), .out_valid(out_valid), .y(y), .membrane(membrane), .latched(latched),
           .clamp_event(clamp_event), .pwl_event(pwl_event), .q_event(q_event));
    always #5 clk = ~clk;

    `include "tb_check.vh"

    integer row, j, at, cycles;
    reg [63:0] clamps, pwls, qs;

    initial begin
        $readmemh("input.hex", input_mem);
        $readmemh("output.hex", want_output);
        $readmemh("count_clamp_exp_input.hex", want_clamp);
        $readmemh("count_pwl_exp_overflow_output.hex", want_pwl);
        $readmemh("count_divgroup_overflow_q.hex", want_q);
        $readmemh("count_glue_overflow_input.hex", want_in);
        $readmemh("count_overflow.hex", want_total);
        if (TRACED != 0) begin
            $readmemh("trace_shifted.hex", want_z);
            $readmemh("trace_exp.hex", want_e);
            $readmemh("trace_sum.hex", want_row_sum);
            $readmemh("trace_pwl_exp_index.hex", want_index);
            $readmemh("trace_pwl_exp_product.hex", want_product);
            $readmemh("trace_pwl_exp_sum.hex", want_sum);
            $readmemh("trace_divgroup_membrane.hex", want_membrane);
            $readmemh("trace_divgroup_latched.hex", want_latched);
        end
        clamps = 0; pwls = 0; qs = 0;
        for (row = 0; row < ROWS; row = row + 1) begin
            for (j = 0; j < D; j = j + 1)
                x[j*XW +: XW] = input_mem[row*D + j][XW-1:0];
            @(negedge clk) start = 1'b1;
            @(negedge clk) start = 1'b0;
            cycles = 0;
            while (!ready && cycles < 4 * D + 8) begin
                at = row * D + element;
                if (exp_valid) begin
                    clamps = clamps + clamp_event;
                    pwls = pwls + pwl_event;
                    if (TRACED != 0) begin
                        compare("trace_shifted", at, value(z, EIN_W, EIN_SIGNED),
                                value(want_z[at], SHIFTED_TW, SHIFTED_TS));
                        compare("trace_exp", at, value(e, EW, 0), value(want_e[at], EXP_TW, EXP_TS));
                        compare("trace_pwl_exp_index", at, value(index, IDX_W, 1),
                                value(want_index[at], INDEX_TW, INDEX_TS));
                        compare("trace_pwl_exp_product", at, value(product, PRW, 1),
                                value(want_product[at], PRODUCT_TW, PRODUCT_TS));
                        compare("trace_pwl_exp_sum", at, value(sum, SUMW, 1),
                                value(want_sum[at], SUM_TW, SUM_TS));
                    end
                end
                if (out_valid) begin
                    qs = qs + q_event;
                    compare("output", at, {{(64-OUT_W){1'b0}}, y}, want_output[at]);
                    if (TRACED != 0) begin
                        if (element == 0)
                            compare("trace_sum", row, value(total, ACC_W, 0),
                                    value(want_row_sum[row], ROW_SUM_TW, ROW_SUM_TS));
                        compare("trace_divgroup_membrane", at, value(membrane, VW, 0),
                                value(want_membrane[at], MEMBRANE_TW, MEMBRANE_TS));
                        compare("trace_divgroup_latched", at, value(latched, CNT_W, 0),
                                value(want_latched[at], LATCHED_TW, LATCHED_TS));
                    end
                end
                @(negedge clk) cycles = cycles + 1;
            end
        end
        compare("count_clamp_exp_input", 0, clamps, want_clamp[0]);
        compare("count_pwl_exp_overflow_output", 0, pwls, want_pwl[0]);
        compare("count_divgroup_overflow_q", 0, qs, want_q[0]);
        compare("count_glue_overflow_input", 0, 64'd0, want_in[0]);   // raw inputs
        compare("count_overflow", 0, pwls + qs, want_total[0]);
        report("tb_softmax");
    end
endmodule
`default_nettype wire

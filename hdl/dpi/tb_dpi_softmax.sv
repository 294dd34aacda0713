// tb_dpi_softmax: the whole nlspike softmax datapath (fx_softmax) against fxsim's C kernel
// fx_softmax (csrc/fx_ops.c) and the primitives it composes, imported through DPI-C
// (hdl/dpi/fx_dpi.c), compared every clock cycle. Built with Verilator; runs inside a softmax
// golden set's directory (the PWL-Exp ROMs pwl_exp_knots.hex, pwl_exp_slope.hex,
// pwl_exp_intercept.hex). Rows of D inputs: corner rows (all equal, one maximum over minimum
// values, alternating extremes, a ramp across [-L, 0]), the golden rows (+golden=input.hex
// +golden_rows=N) and +random=N rows from +seed=S (half spread over the input format, half
// within 2L of their maximum). Per exp cycle the bench compares z, e, the PWL-Exp index,
// product and sum; per output cycle y; per row the accumulator, the clamp, PWL-Exp overflow
// and output overflow events and the latched neurons against fx_softmax's counts. The first
// mismatch ends the run ($fatal) with its cycle, row, element and both values.
// Prints "DPI N cycles, N words compared, 0 mismatches".
`default_nettype none
module tb_dpi_softmax;
    parameter integer XW = 32, X_SIGNED = 1, D = 16;
    parameter signed [63:0] L_RAW = 83886080;
    parameter integer L_W = 28;
    parameter integer EXP_IN_DROP = 0, EIN_ROUNDING = 0, EIN_OVERFLOW = 1;
    parameter integer EIN_W = 32, EIN_SIGNED = 1, FE = 24;
    parameter integer KW = 32, KNOT_SIGNED = 1;
    parameter integer AW = 32, A_SIGNED = 0, FA = 24;
    parameter integer BW = 32, B_SIGNED = 1, FB = 21;
    parameter integer EW = 32, FO = 23, E_ROUNDING = 6, E_OVERFLOW = 1;
    parameter integer K = 64;
    parameter signed [63:0] X_LO = -83886080;
    parameter signed [63:0] X_HI = 83886080;
    parameter [63:0] UPPER = 1244979814;
    parameter KNOT_FILE = "pwl_exp_knots.hex";
    parameter SLOPE_FILE = "pwl_exp_slope.hex";
    parameter INTERCEPT_FILE = "pwl_exp_intercept.hex";
    parameter integer N = 8, G = 256, NORMALIZE = 1, NORMALIZE_BIT = 40;
    parameter integer OUT_W = 9, OUT_SIGNED = 0, OUT_ROUNDING = 0, OUT_OVERFLOW = 1;
    parameter integer OUT_DROP = 0;
    localparam integer ACC_W = EW + $clog2(D) + 1;
    localparam integer VW = EW + NORMALIZE_BIT + 1;
    localparam integer IDX_W = $clog2(K + 1) + 1;
    localparam integer PRW = AW + (A_SIGNED != 0 ? 0 : 1) + EIN_W + (EIN_SIGNED != 0 ? 0 : 1);
    localparam integer BSW = BW + (B_SIGNED != 0 ? 0 : 1) + FA + FE - FB;
    localparam integer SUMW = (PRW > BSW ? PRW : BSW) + 1;
    localparam integer CNT_W = $clog2(G + 1);
    localparam integer J_W = $clog2(D + 1);
    localparam integer MAX_ROWS = 1 << 14;

    import "DPI-C" function void fx_dpi_seed(input longint seed);
    import "DPI-C" function longint fx_dpi_rand();
    import "DPI-C" function int fx_dpi_pwl_config(input int segments, input longint x_lo,
        input longint x_hi, input longint upper, input int intercept_shift, input int sum_frac,
        input int out_frac, input int out_signed, input int out_width, input int out_rounding,
        input int out_overflow);
    import "DPI-C" function void fx_dpi_pwl_table(input int which, input int i,
        input longint value);
    import "DPI-C" function int fx_dpi_div_config(input int n, input longint group,
        input int normalize, input int normalize_bit, input int out_drop, input int out_signed,
        input int out_width, input int out_rounding, input int out_overflow);
    import "DPI-C" function int fx_dpi_softmax_config(input int d, input longint l_raw,
        input int exp_in_drop, input int ein_signed, input int ein_width, input int ein_rounding);
    import "DPI-C" function void fx_dpi_softmax_input(input int j, input longint x);
    import "DPI-C" function int fx_dpi_softmax_run();
    import "DPI-C" function longint fx_dpi_softmax_exp(input int j, output longint z,
        output longint index, output longint product, output longint sum);
    import "DPI-C" function longint fx_dpi_softmax_output(input int j);
    import "DPI-C" function longint fx_dpi_softmax_total();
    import "DPI-C" function longint fx_dpi_softmax_count(input int slot);

    logic clk = 1'b0, start = 1'b0;
    logic [D*XW-1:0] x = '0;
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
        .X_LO(X_LO), .X_HI(X_HI), .UPPER(UPPER), .KNOT_FILE(KNOT_FILE),
        .SLOPE_FILE(SLOPE_FILE), .INTERCEPT_FILE(INTERCEPT_FILE), .N(N), .G(G),
        .NORMALIZE(NORMALIZE), .NORMALIZE_BIT(NORMALIZE_BIT), .OUT_W(OUT_W),
        .OUT_SIGNED(OUT_SIGNED), .OUT_ROUNDING(OUT_ROUNDING), .OUT_OVERFLOW(OUT_OVERFLOW),
        .OUT_DROP(OUT_DROP)
    ) dut (.clk(clk), .start(start), .x(x), .ready(ready), .element(element),
           .exp_valid(exp_valid), .z(z), .e(e), .index(index), .product(product), .sum(sum),
           .total(total), .out_valid(out_valid), .y(y), .membrane(membrane), .latched(latched),
           .clamp_event(clamp_event), .pwl_event(pwl_event), .q_event(q_event));
    always #5 clk = ~clk;

    function automatic longint number(input longint word, input int width, input int signed_);
        longint mask = width >= 64 ? -64'sd1 : (64'sd1 <<< width) - 64'sd1;
        number = word & mask;
        if (signed_ != 0 && width < 64 && word[width - 1])
            number = number | ~mask;
    endfunction

    localparam longint X_MAX = X_SIGNED != 0 ? (64'sd1 <<< (XW - 1)) - 1 : (64'sd1 <<< XW) - 1;
    localparam longint X_MIN = X_SIGNED != 0 ? -(64'sd1 <<< (XW - 1)) : 0;
    longint rows_mem [0:MAX_ROWS*D-1];
    logic [XW-1:0] golden_words [0:MAX_ROWS*D-1];
    logic [KW-1:0] knot_words [0:(K > 1 ? K - 2 : 0)];
    logic [AW-1:0] slope_words [0:K-1];
    logic [BW-1:0] intercept_words [0:K-1];
    int rows = 0, cycle = 0, words = 0, row_index = 0;

    function automatic longint clip(input longint v);
        clip = v > X_MAX ? X_MAX : (v < X_MIN ? X_MIN : v);
    endfunction

    task automatic add_row(input int kind);
        int j;
        longint base = clip(fx_dpi_rand() % (X_MAX + 1)), spread = 2 * L_RAW + 1, v;
        if (rows >= MAX_ROWS) return;
        for (j = 0; j < D; j = j + 1) begin
            case (kind)
                0: v = 0;                                             // all equal
                1: v = j == D / 2 ? X_MAX : X_MIN;                    // one maximum
                2: v = j % 2 == 0 ? X_MAX : X_MIN;                    // alternating extremes
                3: v = -((L_RAW * longint'(j)) / longint'(D));            // a ramp over [-L, 0]
                4: v = number(fx_dpi_rand(), XW, X_SIGNED);           // the whole format
                default: v = clip(base - (fx_dpi_rand() & 64'h3fff_ffff_ffff_ffff) % spread);
            endcase
            rows_mem[rows * D + j] = clip(v);
        end
        rows = rows + 1;
    endtask

    task automatic expect_word(input string name, input longint got, input longint want);
        words = words + 1;
        if (got != want)
            $fatal(1, "MISMATCH cycle %0d row %0d element %0d %s: rtl %0d, C %0d", cycle,
                   row_index, element, name, got, want);
    endtask

    initial begin : run
        string golden;
        longint seed = 1, want_z, want_index, want_product, want_sum, want_e;
        longint clamps, pwls, qs, spikes;
        int randoms = 100, golden_rows = 0, i, j, waited;
        void'($value$plusargs("seed=%d", seed));
        void'($value$plusargs("random=%d", randoms));
        void'($value$plusargs("golden_rows=%d", golden_rows));
        if (K > 1) $readmemh(KNOT_FILE, knot_words);
        $readmemh(SLOPE_FILE, slope_words);
        $readmemh(INTERCEPT_FILE, intercept_words);
        if (fx_dpi_pwl_config(K, X_LO, X_HI, longint'(UPPER), FA + FE - FB, FA + FE, FO, 0, EW,
                              E_ROUNDING, E_OVERFLOW) == 0
            || fx_dpi_div_config(N, longint'(G), NORMALIZE, NORMALIZE_BIT, OUT_DROP, OUT_SIGNED,
                                 OUT_W, OUT_ROUNDING, OUT_OVERFLOW) == 0)
            $fatal(1, "the C kernel refuses this softmax configuration");
        for (i = 0; i < K; i = i + 1) begin
            if (i < K - 1) fx_dpi_pwl_table(0, i, number(longint'(knot_words[i]), KW, KNOT_SIGNED));
            fx_dpi_pwl_table(1, i, number(longint'(slope_words[i]), AW, A_SIGNED));
            fx_dpi_pwl_table(2, i, number(longint'(intercept_words[i]), BW, B_SIGNED));
        end
        if (fx_dpi_softmax_config(D, L_RAW, EXP_IN_DROP, EIN_SIGNED, EIN_W, EIN_ROUNDING) == 0)
            $fatal(1, "the C kernel refuses this softmax configuration");
        fx_dpi_seed(seed);
        for (i = 0; i < 4; i = i + 1)
            add_row(i);
        if ($value$plusargs("golden=%s", golden)) begin
            $readmemh(golden, golden_words, 0, golden_rows * D - 1);
            for (i = 0; i < golden_rows && rows < MAX_ROWS; i = i + 1) begin
                for (j = 0; j < D; j = j + 1)
                    rows_mem[rows * D + j] = number(longint'(golden_words[i * D + j]), XW,
                                                    X_SIGNED);
                rows = rows + 1;
            end
        end
        for (i = 0; i < randoms; i = i + 1)
            add_row(4 + i % 2);

        for (row_index = 0; row_index < rows; row_index = row_index + 1) begin
            for (j = 0; j < D; j = j + 1) begin
                x[j*XW +: XW] = rows_mem[row_index * D + j][XW-1:0];
                fx_dpi_softmax_input(j, rows_mem[row_index * D + j]);
            end
            if (fx_dpi_softmax_run() == 0) $fatal(1, "the C kernel refused row %0d", row_index);
            clamps = 0; pwls = 0; qs = 0; spikes = 0;
            @(negedge clk) start = 1'b1;
            @(negedge clk) start = 1'b0;
            for (waited = 0; !ready; waited = waited + 1) begin
                if (waited > 4 * D + 8) $fatal(1, "row %0d: fx_softmax never got ready", row_index);
                if (exp_valid) begin
                    want_e = fx_dpi_softmax_exp(int'(element), want_z, want_index, want_product,
                                                want_sum);
                    expect_word("z", number(longint'(z), EIN_W, EIN_SIGNED), want_z);
                    expect_word("e", longint'(e), want_e);
                    expect_word("index", longint'(index), want_index);
                    expect_word("product", longint'(product), want_product);
                    expect_word("sum", longint'(sum), want_sum);
                    clamps = clamps + longint'(clamp_event);
                    pwls = pwls + longint'(pwl_event);
                end
                if (out_valid) begin
                    expect_word("y", number(longint'(y), OUT_W, OUT_SIGNED),
                                fx_dpi_softmax_output(int'(element)));
                    qs = qs + longint'(q_event);
                    spikes = spikes + longint'(latched);
                    if (element == 0) expect_word("total", longint'(total), fx_dpi_softmax_total());
                end
                @(negedge clk);
                cycle = cycle + 1;
            end
            expect_word("clamp events", clamps, fx_dpi_softmax_count(0));
            expect_word("PWL-Exp overflow", pwls, fx_dpi_softmax_count(2));
            expect_word("spikes", spikes, fx_dpi_softmax_count(3));
            expect_word("output overflow", qs, fx_dpi_softmax_count(4));
        end
        $display("DPI %0d cycles, %0d words compared, 0 mismatches", cycle, words);
        $finish;
    end
endmodule
`default_nettype wire

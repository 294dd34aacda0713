// tb_dpi_pwl_exp: fx_pwl_exp against fxsim's C kernel fx_pwl_exp (csrc/), imported through
// DPI-C (hdl/dpi/fx_dpi.c), compared every clock cycle. Built with Verilator (--binary); runs
// inside a directory holding the unit's tables knots.hex, slope.hex and intercept.hex (a golden
// set's). The bench reads the same tables into the C model, then drives one input per cycle to
// both: corner inputs (both clamps and their neighbours, the format's extremes, each knot and
// its neighbours), the golden inputs (+golden=input.hex +golden_count=N) and +random=N random
// words from +seed=S. Per cycle it compares y, index, product, sum and the overflow event;
// the first mismatch ends the run ($fatal) with its cycle, input and both values.
// Prints "DPI N cycles, N words compared, N mismatches".
`default_nettype none
module tb_dpi_pwl_exp;
    parameter integer XW = 16, X_SIGNED = 1, FX = 12;
    parameter integer KW = 16, KNOT_SIGNED = 1;
    parameter integer AW = 32, A_SIGNED = 0, FA = 24;
    parameter integer BW = 32, B_SIGNED = 1, FB = 21;
    parameter integer YW = 32, Y_SIGNED = 0, FO = 23, Y_ROUNDING = 6, Y_OVERFLOW = 1;
    parameter integer K = 64;
    parameter signed [63:0] X_LO = -20480;
    parameter signed [63:0] X_HI = 20480;
    parameter [63:0] UPPER = 1244979814;
    localparam integer MAX_STIMULUS = 1 << 20;

    import "DPI-C" function void fx_dpi_seed(input longint seed);
    import "DPI-C" function longint fx_dpi_rand();
    import "DPI-C" function int fx_dpi_pwl_config(input int segments, input longint x_lo,
        input longint x_hi, input longint upper, input int intercept_shift, input int sum_frac,
        input int out_frac, input int out_signed, input int out_width, input int out_rounding,
        input int out_overflow);
    import "DPI-C" function void fx_dpi_pwl_table(input int which, input int i,
        input longint value);
    import "DPI-C" function longint fx_dpi_pwl_eval(input longint x, output longint index,
        output longint product, output longint sum, output int overflow);

    localparam integer IDX_W = $clog2(K + 1) + 1;
    localparam integer PW = AW + (A_SIGNED != 0 ? 0 : 1) + XW + (X_SIGNED != 0 ? 0 : 1);
    localparam integer BSW = BW + (B_SIGNED != 0 ? 0 : 1) + FA + FX - FB;
    localparam integer SUMW = (PW > BSW ? PW : BSW) + 1;

    logic [XW-1:0] x;
    wire [YW-1:0] y;
    wire signed [IDX_W-1:0] index;
    wire signed [PW-1:0] product;
    wire signed [SUMW-1:0] sum;
    wire overflow;
    fx_pwl_exp #(
        .XW(XW), .X_SIGNED(X_SIGNED), .FX(FX), .KW(KW), .KNOT_SIGNED(KNOT_SIGNED),
        .AW(AW), .A_SIGNED(A_SIGNED), .FA(FA), .BW(BW), .B_SIGNED(B_SIGNED), .FB(FB),
        .YW(YW), .Y_SIGNED(Y_SIGNED), .FO(FO), .Y_ROUNDING(Y_ROUNDING), .Y_OVERFLOW(Y_OVERFLOW),
        .K(K), .X_LO(X_LO), .X_HI(X_HI), .UPPER(UPPER)
    ) dut (.x(x), .y(y), .index(index), .product(product), .sum(sum), .overflow(overflow));

    // a W-bit word as a 64-bit value: two's complement when signed_, else zero-extended
    function automatic longint number(input longint word, input int width, input int signed_);
        longint mask = width >= 64 ? -64'sd1 : (64'sd1 <<< width) - 64'sd1;
        number = word & mask;
        if (signed_ != 0 && width < 64 && word[width - 1])
            number = number | ~mask;
    endfunction

    logic [KW-1:0] knot_words [0:(K > 1 ? K - 2 : 0)];
    logic [AW-1:0] slope_words [0:K-1];
    logic [BW-1:0] intercept_words [0:K-1];
    logic [XW-1:0] golden_words [0:MAX_STIMULUS-1];
    longint stimulus [0:MAX_STIMULUS-1];
    int total = 0;

    task automatic add(input longint value);
        if (total < MAX_STIMULUS) begin
            stimulus[total] = value;
            total = total + 1;
        end
    endtask

    initial begin : setup
        string golden;
        longint seed = 1;
        int randoms = 1000, golden_count = 0, i;
        void'($value$plusargs("seed=%d", seed));
        void'($value$plusargs("random=%d", randoms));
        void'($value$plusargs("golden_count=%d", golden_count));
        if (K > 1) $readmemh("knots.hex", knot_words);
        $readmemh("slope.hex", slope_words);
        $readmemh("intercept.hex", intercept_words);
        if (fx_dpi_pwl_config(K, X_LO, X_HI, longint'(UPPER), FA + FX - FB, FA + FX, FO,
                              Y_SIGNED, YW, Y_ROUNDING, Y_OVERFLOW) == 0)
            $fatal(1, "the C kernel refuses this PWL-Exp configuration");
        for (i = 0; i < K; i = i + 1) begin
            if (i < K - 1) fx_dpi_pwl_table(0, i, number(longint'(knot_words[i]), KW, KNOT_SIGNED));
            fx_dpi_pwl_table(1, i, number(longint'(slope_words[i]), AW, A_SIGNED));
            fx_dpi_pwl_table(2, i, number(longint'(intercept_words[i]), BW, B_SIGNED));
        end
        // corners: the format's extremes, 0 and +-1, both clamps, every knot, with neighbours
        add(X_SIGNED != 0 ? -(64'sd1 <<< (XW - 1)) : 0);
        add(X_SIGNED != 0 ? (64'sd1 <<< (XW - 1)) - 1 : (64'sd1 <<< XW) - 1);
        for (i = -1; i <= 1; i = i + 1) begin
            add(longint'(i));
            add(X_LO + longint'(i));
            add(X_HI + longint'(i));
        end
        for (i = 0; i < K - 1; i = i + 1) begin
            add(number(longint'(knot_words[i]), KW, KNOT_SIGNED) - 1);
            add(number(longint'(knot_words[i]), KW, KNOT_SIGNED));
            add(number(longint'(knot_words[i]), KW, KNOT_SIGNED) + 1);
        end
        if ($value$plusargs("golden=%s", golden)) begin
            $readmemh(golden, golden_words, 0, golden_count - 1);
            for (i = 0; i < golden_count; i = i + 1)
                add(number(longint'(golden_words[i]), XW, X_SIGNED));
        end
        fx_dpi_seed(seed);
        for (i = 0; i < randoms; i = i + 1)
            add(fx_dpi_rand());
    end

    logic clk = 1'b0;
    always #5 clk = ~clk;
    int cycle = 0, words = 0;
    longint want_y, want_index, want_product, want_sum;
    int want_overflow;

    task automatic expect_word(input string name, input longint got, input longint want);
        words = words + 1;
        if (got != want)
            $fatal(1, "MISMATCH cycle %0d x=%0d %s: rtl %0d, C %0d", cycle,
                   number(longint'(x), XW, X_SIGNED), name, got, want);
    endtask

    always @(posedge clk) begin
        if (cycle == total) begin
            $display("DPI %0d cycles, %0d words compared, 0 mismatches", cycle, words);
            $finish;
        end
        x <= stimulus[cycle][XW-1:0];                   // the input word of this cycle
    end
    always @(negedge clk) if (cycle < total) begin
        want_y = fx_dpi_pwl_eval(number(longint'(x), XW, X_SIGNED), want_index, want_product,
                                 want_sum, want_overflow);
        if (want_overflow < 0) $fatal(1, "the C kernel refused input %0d", x);
        expect_word("y", number(longint'(y), YW, Y_SIGNED), want_y);
        expect_word("index", longint'(index), want_index);
        expect_word("product", longint'(product), want_product);
        expect_word("sum", longint'(sum), want_sum);
        expect_word("overflow", longint'(overflow), longint'(want_overflow));
        cycle = cycle + 1;
    end
endmodule
`default_nettype wire

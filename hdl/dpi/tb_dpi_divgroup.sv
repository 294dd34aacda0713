// tb_dpi_divgroup: fx_divgroup against fxsim's C kernel fx_divgroup_run (csrc/), imported
// through DPI-C (hdl/dpi/fx_dpi.c), compared every clock cycle. Built with Verilator (--binary).
// One division is a `start` cycle loading the denominator B, then STEPS cycles that each
// integrate one numerator step a[t]. After the start cycle the bench compares the shift k and
// theta; after every step the membrane, the latched count, the requantized quotient and its
// overflow event, each against the C kernel run over the steps so far. Divisions: corners
// (B = 1 and the largest B; zero, +-1 and the extreme numerators), the golden set's
// (+golden_numerator=numerator.hex +golden_denominator=denominator.hex +golden_count=M, the
// numerator [STEPS][M]) and +random=N random ones from +seed=S (half sized to land below the
// group's saturation). The first mismatch ends the run ($fatal) with its cycle and both values.
// Prints "DPI N cycles, N words compared, N mismatches".
`default_nettype none
module tb_dpi_divgroup;
    parameter integer AW = 16, A_SIGNED = 1, BW = 16, N = 8, G = 256;
    parameter integer NORMALIZE = 0, NORMALIZE_BIT = 24, VW = 48;
    parameter integer OUT_W = 10, OUT_SIGNED = 1, OUT_ROUNDING = 0, OUT_OVERFLOW = 1;
    parameter integer OUT_DROP = 0;
    parameter integer STEPS = 4;                  // numerator steps per division (T)
    localparam integer KMAX = NORMALIZE != 0 ? NORMALIZE_BIT : 0;
    localparam integer K_W = $clog2(NORMALIZE_BIT + 1) + 1;
    localparam integer THW = BW + KMAX + 1;
    localparam integer CNT_W = $clog2(G + 1);
    localparam integer MAX_DIVISIONS = 1 << 16;

    import "DPI-C" function void fx_dpi_seed(input longint seed);
    import "DPI-C" function longint fx_dpi_rand();
    import "DPI-C" function int fx_dpi_div_config(input int n, input longint group,
        input int normalize, input int normalize_bit, input int out_drop, input int out_signed,
        input int out_width, input int out_rounding, input int out_overflow);
    import "DPI-C" function void fx_dpi_div_start(input longint b, output longint shift,
        output longint theta);
    import "DPI-C" function longint fx_dpi_div_step(input longint a, output longint membrane,
        output longint latched, output int overflow);

    logic clk = 1'b0, start = 1'b0, step = 1'b0;
    logic [AW-1:0] a = '0;
    logic [BW-1:0] b = '0;
    wire [K_W-1:0] shift;
    wire [THW-1:0] theta;
    wire [VW-1:0] membrane;
    wire [CNT_W-1:0] latched;
    wire [OUT_W-1:0] quotient;
    wire overflow;
    fx_divgroup #(
        .AW(AW), .A_SIGNED(A_SIGNED), .BW(BW), .N(N), .G(G), .NORMALIZE(NORMALIZE),
        .NORMALIZE_BIT(NORMALIZE_BIT), .VW(VW), .OUT_W(OUT_W), .OUT_SIGNED(OUT_SIGNED),
        .OUT_ROUNDING(OUT_ROUNDING), .OUT_OVERFLOW(OUT_OVERFLOW), .OUT_DROP(OUT_DROP)
    ) dut (.clk(clk), .start(start), .step(step), .a(a), .b(b), .shift(shift), .theta(theta),
           .membrane(membrane), .latched(latched), .quotient(quotient), .overflow(overflow));
    always #5 clk = ~clk;

    function automatic longint number(input longint word, input int width, input int signed_);
        longint mask = width >= 64 ? -64'sd1 : (64'sd1 <<< width) - 64'sd1;
        number = word & mask;
        if (signed_ != 0 && width < 64 && word[width - 1])
            number = number | ~mask;
    endfunction

    // stimulus: denominators[d] and numerators[d * STEPS + t]
    longint denominators [0:MAX_DIVISIONS-1];
    longint numerators [0:MAX_DIVISIONS*STEPS-1];
    logic [BW-1:0] golden_b [0:MAX_DIVISIONS-1];
    logic [AW-1:0] golden_a [0:MAX_DIVISIONS*STEPS-1];
    int divisions = 0, cycle = 0, words = 0;
    localparam longint A_MAX = A_SIGNED != 0 ? (64'sd1 <<< (AW - 1)) - 1 : (64'sd1 <<< AW) - 1;
    localparam longint A_MIN = A_SIGNED != 0 ? -(64'sd1 <<< (AW - 1)) : 0;
    localparam longint B_MAX = (64'sd1 <<< BW) - 1;

    function automatic longint below(input longint bound);     // uniform-ish in [0, bound)
        longint r = fx_dpi_rand() & 64'h3fff_ffff_ffff_ffff;
        below = bound <= 0 ? 0 : r % bound;
    endfunction

    task automatic add(input longint b_, input longint a0, input longint a_rest);
        int t;
        if (divisions < MAX_DIVISIONS) begin
            denominators[divisions] = b_;
            for (t = 0; t < STEPS; t = t + 1)
                numerators[divisions * STEPS + t] = t == 0 ? a0 : a_rest;
            divisions = divisions + 1;
        end
    endtask

    task automatic add_random(input int in_range);
        int t;
        longint b_ = 1 + below(B_MAX >> below(longint'(BW))), span, negative;
        // |a| per step so that sum |a| << k stays near G * theta (the count's range)
        span = in_range != 0 ? ((b_ * longint'(G)) >> N) / longint'(STEPS) + 2 : A_MAX + 1;
        negative = A_SIGNED != 0 ? fx_dpi_rand() & 1 : 0;
        if (divisions >= MAX_DIVISIONS) return;
        denominators[divisions] = b_;
        for (t = 0; t < STEPS; t = t + 1) begin
            numerators[divisions * STEPS + t] = below(span > A_MAX ? A_MAX + 1 : span);
            if (negative != 0) numerators[divisions * STEPS + t] = -numerators[divisions * STEPS + t];
        end
        divisions = divisions + 1;
    endtask

    initial begin : run
        string numerator_file, denominator_file;
        longint seed = 1, want_shift, want_theta, want_membrane, want_latched, want_q;
        int randoms = 1000, golden_count = 0, d, t, want_overflow;
        void'($value$plusargs("seed=%d", seed));
        void'($value$plusargs("random=%d", randoms));
        void'($value$plusargs("golden_count=%d", golden_count));
        if (fx_dpi_div_config(N, longint'(G), NORMALIZE, NORMALIZE_BIT, OUT_DROP, OUT_SIGNED, OUT_W,
                              OUT_ROUNDING, OUT_OVERFLOW) == 0)
            $fatal(1, "the C kernel refuses this Division group configuration");
        add(1, 0, 0); add(1, A_MAX, A_MAX); add(1, A_MIN, A_MIN); add(1, -1, 0);
        add(B_MAX, 0, 0); add(B_MAX, A_MAX, A_MAX); add(B_MAX, A_MIN, A_MIN); add(B_MAX, 1, 1);
        add(B_MAX, -1, 0); add(3, 1, 0); add(3, -1, -1);
        if ($value$plusargs("golden_numerator=%s", numerator_file)
            && $value$plusargs("golden_denominator=%s", denominator_file)) begin
            $readmemh(denominator_file, golden_b, 0, golden_count - 1);
            $readmemh(numerator_file, golden_a, 0, golden_count * STEPS - 1);
            for (d = 0; d < golden_count && divisions < MAX_DIVISIONS; d = d + 1) begin
                denominators[divisions] = longint'(golden_b[d]);
                for (t = 0; t < STEPS; t = t + 1)
                    numerators[divisions * STEPS + t] =
                        number(longint'(golden_a[t * golden_count + d]), AW, A_SIGNED);
                divisions = divisions + 1;
            end
        end
        fx_dpi_seed(seed);
        for (d = 0; d < randoms; d = d + 1)
            add_random(d & 1);

        for (d = 0; d < divisions; d = d + 1) begin
            @(negedge clk);
            start = 1'b1;
            step = 1'b0;
            b = denominators[d][BW-1:0];
            @(negedge clk);                                     // B loaded at the posedge
            cycle = cycle + 1;
            fx_dpi_div_start(denominators[d], want_shift, want_theta);
            expect_word("shift", longint'(shift), want_shift, d);
            expect_word("theta", longint'(theta), want_theta, d);
            start = 1'b0;
            for (t = 0; t < STEPS; t = t + 1) begin
                step = 1'b1;
                a = numerators[d * STEPS + t][AW-1:0];
                @(negedge clk);                                 // a integrated at the posedge
                cycle = cycle + 1;
                want_q = fx_dpi_div_step(numerators[d * STEPS + t], want_membrane, want_latched,
                                         want_overflow);
                if (want_overflow < 0) $fatal(1, "the C kernel refused division %0d", d);
                expect_word("membrane", longint'(membrane), want_membrane, d);
                expect_word("latched", longint'(latched), want_latched, d);
                expect_word("quotient", number(longint'(quotient), OUT_W, OUT_SIGNED), want_q, d);
                expect_word("overflow", longint'(overflow), longint'(want_overflow), d);
            end
            step = 1'b0;
        end
        $display("DPI %0d cycles, %0d words compared, 0 mismatches", cycle, words);
        $finish;
    end

    task automatic expect_word(input string name, input longint got, input longint want,
                               input int d);
        words = words + 1;
        if (got != want)
            $fatal(1, "MISMATCH cycle %0d division %0d (B=%0d) %s: rtl %0d, C %0d", cycle, d,
                   denominators[d], name, got, want);
    endtask
endmodule
`default_nettype wire

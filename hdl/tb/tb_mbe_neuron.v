// tb_mbe_neuron: runs fx_mbe_neuron over an MBE activation golden set (fxsim golden
// gelu|tanh|sigmoid|silu --method mbe) and compares every output, counter and spike word. Run
// inside the set directory: the banks' ROMs load mbe_mbe_bank<b>_{threshold,reset,intensity}.hex
// and mbe_mbe_bias.hex; the bench loads input.hex, output.hex, the count_*.hex counters and
// (TRACED) trace_mbe_bank<b>_basis<n>_spikes.hex [step][element] of every basis.
// Prints "N passed, N failed"; $fatal on a mismatch.
`default_nettype none
module tb_mbe_neuron;
    parameter integer COUNT = 1, TRACED = 1;
    parameter integer XW = 32, NBANK = 2, NB0 = 2, NB1 = 2, T = 16;
    parameter integer VW = 32, V_SIGNED = 1, V_ROUNDING = 6, V_OVERFLOW = 1, U_FRAC = 28;
    parameter integer AW = 32, A_SIGNED = 1, A_OVERFLOW = 1, COMPARE_STRICT = 0;
    parameter integer SIGN0 = 1, SCALE_W0 = 24, SCALE_DROP0 = 0;
    parameter signed [63:0] OFFSET0 = 0;
    parameter [63:0] SCALE_M0 = 1;
    parameter integer TH_W0 = 32, TH_SIGNED0 = 0, R_W0 = 32, R_SIGNED0 = 0, D_W0 = 32, D_SIGNED0 = 1;
    parameter integer SIGN1 = -1, SCALE_W1 = 24, SCALE_DROP1 = 0;
    parameter signed [63:0] OFFSET1 = 0;
    parameter [63:0] SCALE_M1 = 1;
    parameter integer TH_W1 = 32, TH_SIGNED1 = 0, R_W1 = 32, R_SIGNED1 = 0, D_W1 = 32, D_SIGNED1 = 1;
    parameter integer BIAS_W = 32, BIAS_SIGNED = 1;
    parameter integer OUT_DROP = 0, MO_W = 32, MO_SIGNED = 1, MO_ROUNDING = 6, MO_OVERFLOW = 1;
    parameter integer GLUE = 0, GLUE_DROP = 0, PASS_DROP = 0;
    parameter signed [63:0] ONE = 0;
    parameter signed [63:0] PASS_FROM = 0;
    parameter integer Y_W = 32, Y_SIGNED = 1, Y_ROUNDING = 6, Y_OVERFLOW = 1;

    localparam integer BASES = NB0 + (NBANK == 2 ? NB1 : 0);
    localparam integer PER_BASIS = T * COUNT;
    localparam integer T_W = $clog2(T + 1), EV_W = $clog2(3 * (NB0 + NB1) + 1) + 1;

    reg [63:0] input_mem [0:COUNT-1], want_output [0:COUNT-1];
    reg [63:0] want_v [0:0], want_acc [0:0], want_out [0:0], want_in [0:0], want_glue [0:0];
    reg [63:0] want_total [0:0];
    reg [63:0] want_spikes [0:BASES*PER_BASIS-1];

    reg clk = 1'b0, start = 1'b0;
    reg signed [XW-1:0] x;
    wire [T_W-1:0] t;
    wire running, done, out_event, glue_event;
    wire [NB0-1:0] spikes0;
    wire [NB1-1:0] spikes1;
    wire [EV_W-1:0] events_v, events_acc;
    wire [MO_W-1:0] y_mbe;
    wire [Y_W-1:0] y;
    fx_mbe_neuron #(
        .XW(XW), .NBANK(NBANK), .NB0(NB0), .NB1(NB1), .T(T), .VW(VW), .V_SIGNED(V_SIGNED),
        .V_ROUNDING(V_ROUNDING), .V_OVERFLOW(V_OVERFLOW), .U_FRAC(U_FRAC), .AW(AW),
        .A_SIGNED(A_SIGNED), .A_OVERFLOW(A_OVERFLOW), .COMPARE_STRICT(COMPARE_STRICT),
        .SIGN0(SIGN0), .OFFSET0(OFFSET0), .SCALE_W0(SCALE_W0), .SCALE_M0(SCALE_M0),
        .SCALE_DROP0(SCALE_DROP0), .TH_W0(TH_W0), .TH_SIGNED0(TH_SIGNED0), .R_W0(R_W0),
        .R_SIGNED0(R_SIGNED0), .D_W0(D_W0), .D_SIGNED0(D_SIGNED0),
        .SIGN1(SIGN1), .OFFSET1(OFFSET1), .SCALE_W1(SCALE_W1), .SCALE_M1(SCALE_M1),
        .SCALE_DROP1(SCALE_DROP1), .TH_W1(TH_W1), .TH_SIGNED1(TH_SIGNED1), .R_W1(R_W1),
        .R_SIGNED1(R_SIGNED1), .D_W1(D_W1), .D_SIGNED1(D_SIGNED1),
        .BIAS_W(BIAS_W), .BIAS_SIGNED(BIAS_SIGNED), .OUT_DROP(OUT_DROP), .MO_W(MO_W),
        .MO_SIGNED(MO_SIGNED), .MO_ROUNDING(MO_ROUNDING), .MO_OVERFLOW(MO_OVERFLOW),
        .GLUE(GLUE), .ONE(ONE), .GLUE_DROP(GLUE_DROP), .PASS_FROM(PASS_FROM),
        .PASS_DROP(PASS_DROP), .Y_W(Y_W), .Y_SIGNED(Y_SIGNED), .Y_ROUNDING(Y_ROUNDING),
        .Y_OVERFLOW(Y_OVERFLOW)
    ) dut (.clk(clk), .start(start), .x(x), .t(t), .running(running), .done(done),
           .spikes0(spikes0), .spikes1(spikes1), .events_v(events_v), .events_acc(events_acc),
           .y_mbe(y_mbe), .out_event(out_event), .y(y), .glue_event(glue_event));
    always #5 clk = ~clk;

    `include "tb_check.vh"

    integer j, b, n, basis;
    reg [63:0] ev_v, ev_acc, ev_out, ev_glue;
    reg [8*64-1:0] file;
    reg got;

    initial begin
        $readmemh("input.hex", input_mem);
        $readmemh("output.hex", want_output);
        $readmemh("count_mbe_overflow_v.hex", want_v);
        $readmemh("count_mbe_overflow_acc.hex", want_acc);
        $readmemh("count_mbe_overflow_output.hex", want_out);
        $readmemh("count_glue_overflow_input.hex", want_in);
        $readmemh("count_overflow.hex", want_total);
        if (GLUE == 1) $readmemh("count_glue_overflow_output.hex", want_glue);
        if (TRACED != 0)
            for (basis = 0; basis < BASES; basis = basis + 1) begin
                b = basis < NB0 ? 0 : 1;
                n = basis < NB0 ? basis : basis - NB0;
                $sformat(file, "trace_mbe_bank%0d_basis%0d_spikes.hex", b, n);
                $readmemh(file, want_spikes, basis * PER_BASIS, (basis + 1) * PER_BASIS - 1);
            end
        ev_v = 0; ev_acc = 0; ev_out = 0; ev_glue = 0;
        for (j = 0; j < COUNT; j = j + 1) begin
            x = input_mem[j][XW-1:0];
            @(negedge clk) start = 1'b1;
            #1 ev_v = ev_v + events_v;                       // the load's events
            @(negedge clk) start = 1'b0;
            #1;
            while (running) begin
                ev_v = ev_v + events_v;
                ev_acc = ev_acc + events_acc;
                if (TRACED != 0)
                    for (basis = 0; basis < BASES; basis = basis + 1) begin
                        got = basis < NB0 ? spikes0[basis] : spikes1[basis - NB0];
                        compare("spikes", basis * PER_BASIS + t * COUNT + j, {63'd0, got},
                                want_spikes[basis * PER_BASIS + t * COUNT + j]);
                    end
                @(negedge clk) #1;
            end
            compare("output", j, {{(64-Y_W){1'b0}}, y}, want_output[j]);
            ev_out = ev_out + out_event;
            ev_glue = ev_glue + glue_event;
        end
        compare("count_mbe_overflow_v", 0, ev_v, want_v[0]);
        compare("count_mbe_overflow_acc", 0, ev_acc, want_acc[0]);
        compare("count_mbe_overflow_output", 0, ev_out, want_out[0]);
        compare("count_glue_overflow_input", 0, 64'd0, want_in[0]);   // raw inputs
        if (GLUE == 1) compare("count_glue_overflow_output", 0, ev_glue, want_glue[0]);
        compare("count_overflow", 0, ev_v + ev_acc + ev_out + ev_glue, want_total[0]);
        report("tb_mbe_neuron");
    end
endmodule
`default_nettype wire

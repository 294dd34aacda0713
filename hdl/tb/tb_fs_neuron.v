// tb_fs_neuron: runs fx_fs_neuron over a single-set FS golden set (fxsim golden sigmoid|silu
// --method fs) and compares every output, counter and spike word. Run inside the set directory:
// the neuron's ROMs load fs_<SET>_{threshold,reset_amount,intensity}.hex; the bench loads
// input.hex, output.hex, fs_<SET>_bias.hex (must be 0), count_<SET>_overflow_{v,acc}.hex,
// count_glue_overflow_input.hex, count_overflow.hex and (TRACED) trace_<SET>_spikes.hex
// [step][element]. Prints "N passed, N failed"; $fatal on a mismatch.
`default_nettype none
module tb_fs_neuron;
    parameter integer COUNT = 1, TRACED = 1;
    parameter SET = "fs_swish";
    parameter integer XW = 32, T = 16, IN_DROP = 0;
    parameter integer VW = 32, V_SIGNED = 1, V_ROUNDING = 6, V_OVERFLOW = 1;
    parameter signed [63:0] LO = -33554432;
    parameter signed [63:0] HI = 50331648;
    parameter integer AW = 32, A_SIGNED = 1, A_OVERFLOW = 1, COMPARE_STRICT = 1;
    parameter integer TH_W = 32, TH_SIGNED = 1, R_W = 32, R_SIGNED = 1, D_W = 32, D_SIGNED = 1;
    parameter integer OUT_DROP = 0, Y_W = 32, Y_SIGNED = 1, Y_ROUNDING = 6, Y_OVERFLOW = 1;
    parameter integer PASS = 0, PASS_DROP = 0;
    parameter signed [63:0] PASS_ABOVE = 0;

    localparam integer T_W = $clog2(T + 1);
    reg [63:0] input_mem [0:COUNT-1], want_output [0:COUNT-1], bias [0:0];
    reg [63:0] want_v [0:0], want_acc [0:0], want_in [0:0], want_total [0:0];
    reg [63:0] want_spikes [0:T*COUNT-1];

    reg clk = 1'b0, start = 1'b0;
    reg signed [XW-1:0] x;
    wire [T_W-1:0] t;
    wire running, done, spike, in_event;
    wire [2:0] events_v, events_acc;
    wire [Y_W-1:0] y;
    fx_fs_neuron #(
        .XW(XW), .T(T), .IN_DROP(IN_DROP), .VW(VW), .V_SIGNED(V_SIGNED), .V_ROUNDING(V_ROUNDING),
        .V_OVERFLOW(V_OVERFLOW), .LO(LO), .HI(HI), .AW(AW), .A_SIGNED(A_SIGNED),
        .A_OVERFLOW(A_OVERFLOW), .COMPARE_STRICT(COMPARE_STRICT), .TH_W(TH_W),
        .TH_SIGNED(TH_SIGNED), .R_W(R_W), .R_SIGNED(R_SIGNED), .D_W(D_W), .D_SIGNED(D_SIGNED),
        .TABLE_PREFIX({"fs_", SET, "_"}), .OUT_DROP(OUT_DROP), .Y_W(Y_W), .Y_SIGNED(Y_SIGNED),
        .Y_ROUNDING(Y_ROUNDING), .Y_OVERFLOW(Y_OVERFLOW), .PASS(PASS), .PASS_ABOVE(PASS_ABOVE),
        .PASS_DROP(PASS_DROP)
    ) dut (.clk(clk), .start(start), .x(x), .t(t), .running(running), .done(done),
           .spike(spike), .events_v(events_v), .events_acc(events_acc), .in_event(in_event),
           .y(y));
    always #5 clk = ~clk;

    `include "tb_check.vh"

    integer j;
    reg [63:0] ev_v, ev_acc, ev_in;

    initial begin
        $readmemh("input.hex", input_mem);
        $readmemh("output.hex", want_output);
        $readmemh({"fs_", SET, "_bias.hex"}, bias);
        $readmemh({"count_", SET, "_overflow_v.hex"}, want_v);
        $readmemh({"count_", SET, "_overflow_acc.hex"}, want_acc);
        $readmemh("count_glue_overflow_input.hex", want_in);
        $readmemh("count_overflow.hex", want_total);
        if (TRACED != 0) $readmemh({"trace_", SET, "_spikes.hex"}, want_spikes);
        if (bias[0] != 0) $fatal(1, "tb_fs_neuron: a nonzero FS bias schedule is not supported");
        ev_v = 0; ev_acc = 0; ev_in = 0;
        for (j = 0; j < COUNT; j = j + 1) begin
            x = input_mem[j][XW-1:0];
            @(negedge clk) start = 1'b1;
            #1 begin ev_v = ev_v + events_v; ev_in = ev_in + in_event; end   // the load
            @(negedge clk) start = 1'b0;
            #1;
            while (running) begin
                ev_v = ev_v + events_v;
                ev_acc = ev_acc + events_acc;
                if (TRACED != 0)
                    compare("spikes", t * COUNT + j, {63'd0, spike}, want_spikes[t * COUNT + j]);
                @(negedge clk) #1;
            end
            compare("output", j, {{(64-Y_W){1'b0}}, y}, want_output[j]);
        end
        compare("count_overflow_v", 0, ev_v, want_v[0]);
        compare("count_overflow_acc", 0, ev_acc, want_acc[0]);
        compare("count_glue_overflow_input", 0, ev_in, want_in[0]);
        compare("count_overflow", 0, ev_v + ev_acc + ev_in, want_total[0]);
        report("tb_fs_neuron");
    end
endmodule
`default_nettype wire

// tb_population: runs fx_lif_lane over a golden population set (fxsim golden population ...)
// and compares every output and trace word with the set's expected values.
//
// Run from inside the set directory (it reads NAME.hex by the manifest's array names); the
// parameters describe the set (fxsim rtl-check derives them from manifest.json and the
// population config). One lane serves all N neurons from state memories, one neuron per
// evaluation, steps in order. Prints "N passed, N failed" and ends with $fatal on a mismatch.
`default_nettype none
module tb_population;
    parameter integer N = 1;
    parameter integer T = 1;
    parameter integer INITIAL = 0;            // input_mode "initial": input [N], loaded at t = 0
    parameter integer HAS_INPUT = 1;          // the set carries input.hex
    parameter integer TRACED = 1;             // the set carries trace_*.hex
    // lane configuration (fx_lif_lane)
    parameter integer XW = 32;                // input words (int32)
    parameter integer INPUT_SHIFT = 0;
    parameter integer VW = 16, V_SIGNED = 1, V_OVERFLOW = 1;
    parameter integer IW = 16, I_SIGNED = 1, I_OVERFLOW = 1;
    parameter integer AW = 32, A_SIGNED = 1, A_OVERFLOW = 1;
    parameter integer CUBA = 0, INPUT_BEFORE_DECAY = 0, MEMBRANE_INCREMENT = 0;
    parameter integer LEAK_V_KIND = 0, LEAK_V_SHIFT = 0, LEAK_V_ROUNDING = 0;
    parameter integer LEAK_V_MIN_STEP = 0, LEAK_V_FACTOR = 0;
    parameter integer LEAK_I_KIND = 0, LEAK_I_SHIFT = 0, LEAK_I_ROUNDING = 0;
    parameter integer LEAK_I_MIN_STEP = 0, LEAK_I_FACTOR = 0;
    parameter integer COMPARE_STRICT = 0, RESET_ZERO = 0, MAX_SPIKES = 1;
    parameter signed [63:0] V_RESET = 0;
    // schedule tables as stored: word width, signedness, rows (T or 1), columns (N or 1)
    parameter integer THETA_W = 32, THETA_SIGNED = 1, THETA_ROWS = 1, THETA_COLS = 1;
    parameter integer RESET_W = 32, RESET_SIGNED = 1, RESET_ROWS = 1, RESET_COLS = 1;
    parameter integer INTENSITY_W = 32, INTENSITY_SIGNED = 1, INTENSITY_ROWS = 1, INTENSITY_COLS = 1;
    parameter integer BIAS_W = 32, BIAS_SIGNED = 1, BIAS_ROWS = 1, BIAS_COLS = 1;

    parameter integer SW = 33;                // schedule values as signed numbers (widest + 1)
    localparam integer SPIKE_W = $clog2(MAX_SPIKES + 1);
    localparam integer INPUT_COUNT = INITIAL != 0 ? N : N * T;

    reg [63:0] input_mem [0:INPUT_COUNT-1];
    reg [63:0] theta_mem [0:THETA_ROWS*THETA_COLS-1];
    reg [63:0] reset_mem [0:RESET_ROWS*RESET_COLS-1];
    reg [63:0] intensity_mem [0:INTENSITY_ROWS*INTENSITY_COLS-1];
    reg [63:0] bias_mem [0:BIAS_ROWS*BIAS_COLS-1];
    reg [63:0] want_v [0:N-1], want_i [0:N-1], want_acc [0:N-1], want_spike_count [0:N-1];
    reg [63:0] want_overflow_v [0:T-1], want_overflow_i [0:T-1], want_overflow_acc [0:T-1];
    reg [63:0] want_trace_v [0:N*T-1], want_trace_i [0:N*T-1];
    reg [63:0] want_trace_spikes [0:N*T-1], want_trace_acc [0:N*T-1];

    // state memories of the population, one word per neuron
    reg [VW-1:0] v_state [0:N-1];
    reg [IW-1:0] i_state [0:N-1];
    reg [AW-1:0] acc_state [0:N-1];
    reg [63:0] spike_total [0:N-1];

    // the lane
    reg load;
    reg signed [XW-1:0] x;
    reg [VW-1:0] v;
    reg [IW-1:0] i;
    reg [AW-1:0] acc;
    reg signed [SW-1:0] theta, reset_amount, intensity, bias;
    wire [VW-1:0] v_next;
    wire [IW-1:0] i_next;
    wire [AW-1:0] acc_next;
    wire [SPIKE_W-1:0] spikes;
    wire [2:0] events_v;
    wire [1:0] events_i;
    wire events_acc;
    fx_lif_lane #(
        .XW(XW), .INPUT_SHIFT(INPUT_SHIFT), .SW(SW),
        .VW(VW), .V_SIGNED(V_SIGNED), .V_OVERFLOW(V_OVERFLOW),
        .IW(IW), .I_SIGNED(I_SIGNED), .I_OVERFLOW(I_OVERFLOW),
        .AW(AW), .A_SIGNED(A_SIGNED), .A_OVERFLOW(A_OVERFLOW),
        .CUBA(CUBA), .INPUT_BEFORE_DECAY(INPUT_BEFORE_DECAY),
        .MEMBRANE_INCREMENT(MEMBRANE_INCREMENT),
        .LEAK_V_KIND(LEAK_V_KIND), .LEAK_V_SHIFT(LEAK_V_SHIFT), .LEAK_V_ROUNDING(LEAK_V_ROUNDING),
        .LEAK_V_MIN_STEP(LEAK_V_MIN_STEP), .LEAK_V_FACTOR(LEAK_V_FACTOR),
        .LEAK_I_KIND(LEAK_I_KIND), .LEAK_I_SHIFT(LEAK_I_SHIFT), .LEAK_I_ROUNDING(LEAK_I_ROUNDING),
        .LEAK_I_MIN_STEP(LEAK_I_MIN_STEP), .LEAK_I_FACTOR(LEAK_I_FACTOR),
        .COMPARE_STRICT(COMPARE_STRICT), .RESET_ZERO(RESET_ZERO), .V_RESET(V_RESET),
        .MAX_SPIKES(MAX_SPIKES)
    ) lane (
        .load(load), .x(x), .v(v), .i(i), .acc(acc), .theta(theta),
        .reset_amount(reset_amount), .intensity(intensity), .bias(bias),
        .v_next(v_next), .i_next(i_next), .acc_next(acc_next), .spikes(spikes),
        .events_v(events_v), .events_i(events_i), .events_acc(events_acc));

    // a stored word of `width` bits as a number (two's complement when signed_)

    // row-major index into a [rows, cols] schedule broadcast over [T, N]
    function integer at(input integer rows, input integer cols, input integer t, input integer j);
        at = (rows > 1 ? t : 0) * cols + (cols > 1 ? j : 0);
    endfunction

    `include "tb_check.vh"

    integer t, j, ev_v, ev_i, ev_acc;
    initial begin
        if (HAS_INPUT != 0) $readmemh("input.hex", input_mem);
        $readmemh("threshold.hex", theta_mem);
        $readmemh("reset_amount.hex", reset_mem);
        $readmemh("intensity.hex", intensity_mem);
        $readmemh("bias.hex", bias_mem);
        $readmemh("v.hex", want_v);
        $readmemh("acc.hex", want_acc);
        $readmemh("spike_count.hex", want_spike_count);
        $readmemh("overflow_v.hex", want_overflow_v);
        $readmemh("overflow_acc.hex", want_overflow_acc);
        if (CUBA != 0) begin
            $readmemh("i.hex", want_i);
            $readmemh("overflow_i.hex", want_overflow_i);
        end
        if (TRACED != 0) begin
            $readmemh("trace_v.hex", want_trace_v);
            $readmemh("trace_spikes.hex", want_trace_spikes);
            $readmemh("trace_acc.hex", want_trace_acc);
            if (CUBA != 0) $readmemh("trace_i.hex", want_trace_i);
        end
        for (j = 0; j < N; j = j + 1) begin
            v_state[j] = 0;
            i_state[j] = 0;
            acc_state[j] = 0;
            spike_total[j] = 0;
        end
        load = 0;
        x = 0;
        theta = 0;
        reset_amount = 0;
        intensity = 0;
        bias = 0;
        ev_v = 0;
        if (INITIAL != 0) begin                     // v = ovf_V(in << shift) before step 0
            load = 1;
            for (j = 0; j < N; j = j + 1) begin
                x = HAS_INPUT != 0 ? input_mem[j][XW-1:0] : {XW{1'b0}};
                v = v_state[j];
                i = i_state[j];
                acc = acc_state[j];
                #1;
                v_state[j] = v_next;
                ev_v = ev_v + events_v;
            end
            load = 0;
        end
        for (t = 0; t < T; t = t + 1) begin
            ev_i = 0;
            ev_acc = 0;
            for (j = 0; j < N; j = j + 1) begin
                x = INITIAL == 0 && HAS_INPUT != 0 ? input_mem[t * N + j][XW-1:0] : {XW{1'b0}};
                v = v_state[j];
                i = i_state[j];
                acc = acc_state[j];
                theta = value(theta_mem[at(THETA_ROWS, THETA_COLS, t, j)], THETA_W, THETA_SIGNED);
                reset_amount = value(reset_mem[at(RESET_ROWS, RESET_COLS, t, j)], RESET_W,
                                      RESET_SIGNED);
                intensity = value(intensity_mem[at(INTENSITY_ROWS, INTENSITY_COLS, t, j)],
                                   INTENSITY_W, INTENSITY_SIGNED);
                bias = value(bias_mem[at(BIAS_ROWS, BIAS_COLS, 0, j)], BIAS_W, BIAS_SIGNED);
                #1;
                v_state[j] = v_next;
                i_state[j] = i_next;
                acc_state[j] = acc_next;
                spike_total[j] = spike_total[j] + spikes;
                ev_v = ev_v + events_v;
                ev_i = ev_i + events_i;
                ev_acc = ev_acc + events_acc;
                if (TRACED != 0) begin
                    compare("trace_v", t * N + j, v_next, want_trace_v[t * N + j]);
                    compare("trace_spikes", t * N + j, spikes, want_trace_spikes[t * N + j]);
                    compare("trace_acc", t * N + j, acc_next, want_trace_acc[t * N + j]);
                    if (CUBA != 0) compare("trace_i", t * N + j, i_next, want_trace_i[t * N + j]);
                end
            end
            compare("overflow_v", t, ev_v, want_overflow_v[t]);
            compare("overflow_acc", t, ev_acc, want_overflow_acc[t]);
            if (CUBA != 0) compare("overflow_i", t, ev_i, want_overflow_i[t]);
            ev_v = 0;
        end
        for (j = 0; j < N; j = j + 1) begin
            compare("v", j, v_state[j], want_v[j]);
            compare("acc", j, acc_state[j], want_acc[j]);
            compare("spike_count", j, spike_total[j], want_spike_count[j]);
            if (CUBA != 0) compare("i", j, i_state[j], want_i[j]);
        end
        report("tb_population");
    end
endmodule
`default_nettype wire

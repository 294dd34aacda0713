// fx_neuron_bank: NB neurons sharing one input, each with its own threshold / reset /
// intensity schedule over T steps: the engine populations of an MBE bank (one neuron per basis,
// docs/algorithms.md 8.2-8.3) or of an FS set (NB = 1, 8.7). Input mode "initial", no leak:
//
//   start:  v_b = ovf_V(u), acc_b = 0, t = 0                 (fx_lif_lane's load)
//   step t: s_b = cmp(v_b, theta[b][t]); v_b = ovf_V(v_b - s_b r[b][t] + BIAS)
//           acc_b = ovf_A(acc_b + s_b d[b][t])                (fx_lif_lane, NB lanes in parallel)
//
// One step per clock; `spikes` (one bit per neuron) and the step's events are valid while
// `running`, for step `t`; after T steps `done` and `acc_sum` = sum_b acc_b. The schedules are
// ROMs ($readmemh, layout [neuron][step]) of TH_W / R_W / D_W-bit words (signed or not).
// v VW bits, acc AW bits, each with its own signedness and overflow mode (enum fx_overflow).
`default_nettype none
module fx_neuron_bank #(
    parameter integer NB = 2,                  // neurons (bases)
    parameter integer T = 16,                  // steps
    parameter integer UW = 32,                 // input word (signed)
    parameter integer VW = 32, parameter integer V_SIGNED = 1, parameter integer V_OVERFLOW = 1,
    parameter integer AW = 32, parameter integer A_SIGNED = 1, parameter integer A_OVERFLOW = 1,
    parameter integer COMPARE_STRICT = 0,
    parameter integer TH_W = 32, parameter integer TH_SIGNED = 0,
    parameter integer R_W = 32, parameter integer R_SIGNED = 0,
    parameter integer D_W = 32, parameter integer D_SIGNED = 1,
    parameter signed [63:0] BIAS = 0,
    parameter THRESHOLD_FILE = "threshold.hex",
    parameter RESET_FILE = "reset.hex",
    parameter INTENSITY_FILE = "intensity.hex",
    parameter integer T_W = $clog2(T + 1),
    parameter integer SUM_W = AW + $clog2(NB + 1) + 1,
    parameter integer EV_W = $clog2(3 * NB + 1) + 1       // >= 3: one lane has up to 3 v events
) (
    input  wire                    clk,
    input  wire                    start,
    input  wire signed [UW-1:0]    u,
    output reg  [T_W-1:0]          t,
    output wire                    running,
    output wire                    done,
    output wire [NB-1:0]           spikes,
    output reg  [EV_W-1:0]         events_v,     // this step's v overflow events (or the load's)
    output reg  [EV_W-1:0]         events_acc,
    output reg  signed [SUM_W-1:0] acc_sum
);
    localparam integer SW = (TH_W > R_W ? (TH_W > D_W ? TH_W : D_W) : (R_W > D_W ? R_W : D_W))
                            + 1;               // schedule values as signed numbers
    localparam integer ROM_N = NB * T;
    localparam integer IDX_W = $clog2(ROM_N + 1);            // b * T + t <= NB * T
    reg [TH_W-1:0] theta_rom [0:(1<<IDX_W)-1];               // ROM_N words used
    reg [R_W-1:0] reset_rom [0:(1<<IDX_W)-1];
    reg [D_W-1:0] intensity_rom [0:(1<<IDX_W)-1];
    initial begin
        $readmemh(THRESHOLD_FILE, theta_rom, 0, ROM_N - 1);
        $readmemh(RESET_FILE, reset_rom, 0, ROM_N - 1);
        $readmemh(INTENSITY_FILE, intensity_rom, 0, ROM_N - 1);
    end

    assign running = t != T[T_W-1:0] && !start;
    assign done = t == T[T_W-1:0];
    reg [VW-1:0] v [0:NB-1];
    reg [AW-1:0] acc [0:NB-1];
    wire [VW-1:0] v_next [0:NB-1];
    wire [AW-1:0] acc_next [0:NB-1];
    wire [2:0] ev_v [0:NB-1];
    wire [NB-1:0] ev_acc;
    genvar b;
    generate
        for (b = 0; b < NB; b = b + 1) begin : neuron
            /* verilator lint_off WIDTH */
            wire [IDX_W-1:0] at = b * T + t;
            /* verilator lint_on WIDTH */
            wire [TH_W-1:0] th = theta_rom[at];
            wire [R_W-1:0] r = reset_rom[at];
            wire [D_W-1:0] d = intensity_rom[at];
            wire signed [SW-1:0] th_s = {{(SW-TH_W){TH_SIGNED != 0 && th[TH_W-1]}}, th};
            wire signed [SW-1:0] r_s = {{(SW-R_W){R_SIGNED != 0 && r[R_W-1]}}, r};
            wire signed [SW-1:0] d_s = {{(SW-D_W){D_SIGNED != 0 && d[D_W-1]}}, d};
            wire unused_i;
            wire [1:0] unused_events_i;
            fx_lif_lane #(
                .XW(UW), .SW(SW), .VW(VW), .V_SIGNED(V_SIGNED), .V_OVERFLOW(V_OVERFLOW),
                .IW(1), .I_SIGNED(1), .I_OVERFLOW(0), .AW(AW), .A_SIGNED(A_SIGNED),
                .A_OVERFLOW(A_OVERFLOW), .COMPARE_STRICT(COMPARE_STRICT), .MAX_SPIKES(1)
            ) lane (.load(start), .x(start ? u : {UW{1'b0}}), .v(v[b]), .i(1'b0), .acc(acc[b]),
                    .theta(th_s), .reset_amount(r_s), .intensity(d_s), .bias(BIAS[SW-1:0]),
                    .v_next(v_next[b]), .i_next(unused_i), .acc_next(acc_next[b]),
                    .spikes(spikes[b]), .events_v(ev_v[b]), .events_i(unused_events_i),
                    .events_acc(ev_acc[b]));
            always @(posedge clk)
                if (start) begin
                    v[b] <= v_next[b];
                    acc[b] <= {AW{1'b0}};
                end else if (running) begin
                    v[b] <= v_next[b];
                    acc[b] <= acc_next[b];
                end
        end
    endgenerate

    integer k;
    always @* begin                            // this step's events, the accumulators' sum
        events_v = {EV_W{1'b0}};
        events_acc = {EV_W{1'b0}};
        acc_sum = {SUM_W{1'b0}};
        for (k = 0; k < NB; k = k + 1) begin
            events_v = events_v + {{(EV_W-3){1'b0}}, ev_v[k]};
            events_acc = events_acc + {{(EV_W-1){1'b0}}, ev_acc[k]};
            acc_sum = acc_sum + {{(SUM_W-AW){A_SIGNED != 0 && acc[k][AW-1]}}, acc[k]};
        end
    end
    always @(posedge clk)
        if (start)
            t <= {T_W{1'b0}};
        else if (running)
            t <= t + 1'b1;
endmodule
`default_nettype wire

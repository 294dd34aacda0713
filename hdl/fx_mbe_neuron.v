// fx_mbe_neuron: an integer MBE neuron with its operator glue (docs/algorithms.md 8.2-8.3,
// 8.6): one or two banks of fx_neuron_bank, run in parallel over T steps after `start`.
//
//   per bank b: u_b = min(1, rq_U(max(SIGN_b x - OFFSET_b, 0) * SCALE_M_b, SCALE_DROP_b))
//               NB_b bases from v = u_b, schedules from the bank's ROMs
//   y_mbe = rq_MO(sum of every basis accumulator + bias, OUT_DROP)      (event: out_event)
//           (bias: a one-word ROM, BIAS_FILE)
//   GLUE 0 (tanh): y = y_mbe
//   GLUE 1 (sigmoid, the neuron sees x / 2): y = rq_Y(y_mbe + ONE, GLUE_DROP)  (glue_event)
//   GLUE 2 (gelu, silu): y = x >= PASS_FROM ? rq_Y(x, PASS_DROP) : y_mbe
//
// Widths: x XW bits signed; u / v VW bits (V_*: the u format, its rounding applies to the
// scaler); accumulators AW bits (A_*); y_mbe MO_W bits, y Y_W bits. `spikes0` / `spikes1` and
// the step's events are valid while `running` (step `t`); y when `done`.
`default_nettype none
module fx_mbe_neuron #(
    parameter integer XW = 32,
    parameter integer NBANK = 2, parameter integer NB0 = 2, parameter integer NB1 = 2,
    parameter integer T = 16,
    parameter integer VW = 32, parameter integer V_SIGNED = 1, parameter integer V_ROUNDING = 6,
    parameter integer V_OVERFLOW = 1, parameter integer U_FRAC = 28,
    parameter integer AW = 32, parameter integer A_SIGNED = 1, parameter integer A_OVERFLOW = 1,
    parameter integer COMPARE_STRICT = 0,
    parameter integer SIGN0 = 1, parameter signed [63:0] OFFSET0 = 0,
    parameter integer SCALE_W0 = 24, parameter [63:0] SCALE_M0 = 1, parameter integer SCALE_DROP0 = 0,
    parameter integer TH_W0 = 32, parameter integer TH_SIGNED0 = 0,
    parameter integer R_W0 = 32, parameter integer R_SIGNED0 = 0,
    parameter integer D_W0 = 32, parameter integer D_SIGNED0 = 1,
    parameter THRESHOLD_FILE0 = "mbe_mbe_bank0_threshold.hex",
    parameter RESET_FILE0 = "mbe_mbe_bank0_reset.hex",
    parameter INTENSITY_FILE0 = "mbe_mbe_bank0_intensity.hex",
    parameter integer SIGN1 = -1, parameter signed [63:0] OFFSET1 = 0,
    parameter integer SCALE_W1 = 24, parameter [63:0] SCALE_M1 = 1, parameter integer SCALE_DROP1 = 0,
    parameter integer TH_W1 = 32, parameter integer TH_SIGNED1 = 0,
    parameter integer R_W1 = 32, parameter integer R_SIGNED1 = 0,
    parameter integer D_W1 = 32, parameter integer D_SIGNED1 = 1,
    parameter THRESHOLD_FILE1 = "mbe_mbe_bank1_threshold.hex",
    parameter RESET_FILE1 = "mbe_mbe_bank1_reset.hex",
    parameter INTENSITY_FILE1 = "mbe_mbe_bank1_intensity.hex",
    parameter integer BIAS_W = 32, parameter integer BIAS_SIGNED = 1,
    parameter BIAS_FILE = "mbe_mbe_bias.hex",           // one word, the readout bias
    parameter integer OUT_DROP = 0, parameter integer MO_W = 32, parameter integer MO_SIGNED = 1,
    parameter integer MO_ROUNDING = 6, parameter integer MO_OVERFLOW = 1,
    parameter integer GLUE = 0,
    parameter signed [63:0] ONE = 0, parameter integer GLUE_DROP = 0,
    parameter signed [63:0] PASS_FROM = 0, parameter integer PASS_DROP = 0,
    parameter integer Y_W = 32, parameter integer Y_SIGNED = 1, parameter integer Y_ROUNDING = 6,
    parameter integer Y_OVERFLOW = 1,
    parameter integer T_W = $clog2(T + 1),
    parameter integer EV_W = $clog2(3 * (NB0 + NB1) + 1) + 1
) (
    input  wire                  clk,
    input  wire                  start,
    input  wire signed [XW-1:0]  x,
    output wire [T_W-1:0]        t,
    output wire                  running,
    output wire                  done,
    output wire [NB0-1:0]        spikes0,
    output wire [NB1-1:0]        spikes1,
    output wire [EV_W-1:0]       events_v,
    output wire [EV_W-1:0]       events_acc,
    output wire [MO_W-1:0]       y_mbe,
    output wire                  out_event,
    output wire [Y_W-1:0]        y,
    output wire                  glue_event
);
    localparam integer BANKS_SUM_W = AW + $clog2(NB0 + NB1 + 1) + 2;
    localparam integer SUM_W0 = AW + $clog2(NB0 + 1) + 1, SUM_W1 = AW + $clog2(NB1 + 1) + 1;
    localparam integer EV0_W = $clog2(3 * NB0 + 1) + 1, EV1_W = $clog2(3 * NB1 + 1) + 1;
    localparam integer DW = XW + 66;                    // sign x - offset, signed
    localparam [VW-1:0] U_ONE = {{(VW-1){1'b0}}, 1'b1} << U_FRAC;
    wire signed [DW-1:0] xw = {{(DW-XW){x[XW-1]}}, x};

    // ---- bank 0 ------------------------------------------------------------------------------
    wire [VW-1:0] u0;
    wire signed [SUM_W0-1:0] acc0;
    wire [EV0_W-1:0] ev_v0, ev_acc0;
    wire done0;
    wire [T_W-1:0] t0;
    fx_mbe_input #(.DW(DW), .SIGN(SIGN0), .OFFSET(OFFSET0), .SCALE_W(SCALE_W0),
                   .SCALE_M(SCALE_M0), .SCALE_DROP(SCALE_DROP0), .VW(VW), .V_SIGNED(V_SIGNED),
                   .V_ROUNDING(V_ROUNDING), .V_OVERFLOW(V_OVERFLOW), .U_ONE(U_ONE))
        norm0 (.x(xw), .u(u0));
    fx_neuron_bank #(
        .NB(NB0), .T(T), .UW(VW + 1), .VW(VW), .V_SIGNED(V_SIGNED), .V_OVERFLOW(V_OVERFLOW),
        .AW(AW), .A_SIGNED(A_SIGNED), .A_OVERFLOW(A_OVERFLOW), .COMPARE_STRICT(COMPARE_STRICT),
        .TH_W(TH_W0), .TH_SIGNED(TH_SIGNED0), .R_W(R_W0), .R_SIGNED(R_SIGNED0), .D_W(D_W0),
        .D_SIGNED(D_SIGNED0), .THRESHOLD_FILE(THRESHOLD_FILE0), .RESET_FILE(RESET_FILE0),
        .INTENSITY_FILE(INTENSITY_FILE0)
    ) bank0 (.clk(clk), .start(start), .u({1'b0, u0}), .t(t0), .running(running), .done(done0),
             .spikes(spikes0), .events_v(ev_v0), .events_acc(ev_acc0), .acc_sum(acc0));
    assign t = t0;

    // ---- bank 1 (NBANK = 2) ------------------------------------------------------------------
    wire signed [SUM_W1-1:0] acc1;
    wire [EV1_W-1:0] ev_v1, ev_acc1;
    generate
        if (NBANK == 2) begin : second
            wire [VW-1:0] u1;
            wire [T_W-1:0] unused_t1;
            wire unused_running1, unused_done1;
            fx_mbe_input #(.DW(DW), .SIGN(SIGN1), .OFFSET(OFFSET1), .SCALE_W(SCALE_W1),
                           .SCALE_M(SCALE_M1), .SCALE_DROP(SCALE_DROP1), .VW(VW),
                           .V_SIGNED(V_SIGNED), .V_ROUNDING(V_ROUNDING),
                           .V_OVERFLOW(V_OVERFLOW), .U_ONE(U_ONE))
                norm1 (.x(xw), .u(u1));
            fx_neuron_bank #(
                .NB(NB1), .T(T), .UW(VW + 1), .VW(VW), .V_SIGNED(V_SIGNED),
                .V_OVERFLOW(V_OVERFLOW), .AW(AW), .A_SIGNED(A_SIGNED), .A_OVERFLOW(A_OVERFLOW),
                .COMPARE_STRICT(COMPARE_STRICT), .TH_W(TH_W1), .TH_SIGNED(TH_SIGNED1),
                .R_W(R_W1), .R_SIGNED(R_SIGNED1), .D_W(D_W1), .D_SIGNED(D_SIGNED1),
                .THRESHOLD_FILE(THRESHOLD_FILE1), .RESET_FILE(RESET_FILE1),
                .INTENSITY_FILE(INTENSITY_FILE1)
            ) bank1 (.clk(clk), .start(start), .u({1'b0, u1}), .t(unused_t1),
                     .running(unused_running1), .done(unused_done1), .spikes(spikes1),
                     .events_v(ev_v1), .events_acc(ev_acc1), .acc_sum(acc1));
        end else begin : single
            assign acc1 = {SUM_W1{1'b0}};
            assign ev_v1 = {EV1_W{1'b0}};
            assign ev_acc1 = {EV1_W{1'b0}};
            assign spikes1 = {NB1{1'b0}};
        end
    endgenerate
    assign done = done0;
    assign events_v = {{(EV_W-EV0_W){1'b0}}, ev_v0} + {{(EV_W-EV1_W){1'b0}}, ev_v1};
    assign events_acc = {{(EV_W-EV0_W){1'b0}}, ev_acc0} + {{(EV_W-EV1_W){1'b0}}, ev_acc1};

    // ---- readout and glue ----------------------------------------------------------------------
    reg [BIAS_W-1:0] bias_rom [0:0];
    initial $readmemh(BIAS_FILE, bias_rom);
    wire [BIAS_W-1:0] bias = bias_rom[0];
    wire signed [BANKS_SUM_W-1:0] total = {{(BANKS_SUM_W-SUM_W0){acc0[SUM_W0-1]}}, acc0}
                                        + {{(BANKS_SUM_W-SUM_W1){acc1[SUM_W1-1]}}, acc1}
                                        + {{(BANKS_SUM_W-BIAS_W){BIAS_SIGNED != 0
                                                                 && bias[BIAS_W-1]}}, bias};
    fx_requant #(.IN_W(BANKS_SUM_W), .DROP(OUT_DROP), .ROUNDING(MO_ROUNDING), .W(MO_W),
                 .SIGNED(MO_SIGNED), .OVERFLOW(MO_OVERFLOW))
        readout (.x(total), .word(y_mbe), .overflow(out_event));
    wire signed [MO_W:0] y_mbe_s = {MO_SIGNED != 0 && y_mbe[MO_W-1], y_mbe};
    wire [Y_W-1:0] halved, passed;
    wire halved_event, unused_pass_event;
    fx_requant #(.IN_W(MO_W + 2), .DROP(GLUE_DROP), .ROUNDING(Y_ROUNDING), .W(Y_W),
                 .SIGNED(Y_SIGNED), .OVERFLOW(Y_OVERFLOW))
        half (.x({y_mbe_s[MO_W], y_mbe_s} + ONE[MO_W+1:0]), .word(halved),
              .overflow(halved_event));
    fx_requant #(.IN_W(XW), .DROP(PASS_DROP), .ROUNDING(Y_ROUNDING), .W(Y_W),
                 .SIGNED(Y_SIGNED), .OVERFLOW(Y_OVERFLOW))
        pass (.x(x), .word(passed), .overflow(unused_pass_event));
    wire above = xw >= $signed({{(DW-64){PASS_FROM[63]}}, PASS_FROM});
    assign glue_event = GLUE == 1 && halved_event;
    assign y = GLUE == 1 ? halved
             : GLUE == 2 && above ? passed
             : y_mbe[Y_W-1:0];
endmodule
`default_nettype wire

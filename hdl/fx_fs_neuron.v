// fx_fs_neuron: an FS (Few-Spikes) activation that routes every input to one FS parameter set
// (fxsim.ops.fs sigmoid: fs_sigmoid, silu: fs_swish; docs/algorithms.md 8.7): one fx_neuron_bank
// neuron (compare v > T[t], subtract h, acc += d) over T steps after `start`.
//
//   xv  = rq_V(x, IN_DROP) when IN_DROP != 0 (event: in_event), else x
//   u   = clamp(xv, LO, HI)                       the set's interval, raw in v's frac
//   acc = the neuron's accumulator after T steps, loaded with v = ovf_V(u)
//   y   = rq_Y(acc, OUT_DROP);  PASS: y = rq_Y(x, PASS_DROP) where x > PASS_ABOVE (silu)
//
// The schedules are the set's ROMs fs_<SET>_threshold.hex, _reset_amount.hex, _intensity.hex
// (TABLE_PREFIX = "fs_<SET>_"); the set's bias schedule must be 0. Widths: x XW bits signed, v
// VW bits, acc AW bits, y Y_W bits. `spike` and the step's events are valid while `running`.
`default_nettype none
module fx_fs_neuron #(
    parameter integer XW = 32,
    parameter integer T = 16,
    parameter integer IN_DROP = 0,
    parameter integer VW = 32, parameter integer V_SIGNED = 1, parameter integer V_ROUNDING = 6,
    parameter integer V_OVERFLOW = 1,
    parameter signed [63:0] LO = -33554432,
    parameter signed [63:0] HI = 50331648,
    parameter integer AW = 32, parameter integer A_SIGNED = 1, parameter integer A_OVERFLOW = 1,
    parameter integer COMPARE_STRICT = 1,
    parameter integer TH_W = 32, parameter integer TH_SIGNED = 1,
    parameter integer R_W = 32, parameter integer R_SIGNED = 1,
    parameter integer D_W = 32, parameter integer D_SIGNED = 1,
    parameter TABLE_PREFIX = "fs_fs_swish_",
    parameter integer OUT_DROP = 0,
    parameter integer Y_W = 32, parameter integer Y_SIGNED = 1, parameter integer Y_ROUNDING = 6,
    parameter integer Y_OVERFLOW = 1,
    parameter integer PASS = 0,
    parameter signed [63:0] PASS_ABOVE = 0,
    parameter integer PASS_DROP = 0,
    parameter integer T_W = $clog2(T + 1)
) (
    input  wire                 clk,
    input  wire                 start,
    input  wire signed [XW-1:0] x,
    output wire [T_W-1:0]       t,
    output wire                 running,
    output wire                 done,
    output wire                 spike,
    output wire [2:0]           events_v,
    output wire [2:0]           events_acc,
    output wire                 in_event,
    output wire [Y_W-1:0]       y
);
    localparam integer UW = (XW > VW ? XW : VW) + 1;
    localparam integer SUM_W = AW + 2;
    wire signed [UW-1:0] xv;
    generate
        if (IN_DROP != 0) begin : requantized
            wire [VW-1:0] word;
            fx_requant #(.IN_W(XW), .DROP(IN_DROP), .ROUNDING(V_ROUNDING), .W(VW),
                         .SIGNED(V_SIGNED), .OVERFLOW(V_OVERFLOW))
                to_v (.x(x), .word(word), .overflow(in_event));
            assign xv = {{(UW-VW){V_SIGNED != 0 && word[VW-1]}}, word};
        end else begin : same
            assign xv = {{(UW-XW){x[XW-1]}}, x};
            assign in_event = 1'b0;
        end
    endgenerate
    wire signed [UW-1:0] lo = LO[UW-1:0], hi = HI[UW-1:0];
    wire signed [UW-1:0] u = xv < lo ? lo : (xv > hi ? hi : xv);

    wire signed [SUM_W-1:0] acc;
    fx_neuron_bank #(
        .NB(1), .T(T), .UW(UW), .VW(VW), .V_SIGNED(V_SIGNED), .V_OVERFLOW(V_OVERFLOW), .AW(AW),
        .A_SIGNED(A_SIGNED), .A_OVERFLOW(A_OVERFLOW), .COMPARE_STRICT(COMPARE_STRICT),
        .TH_W(TH_W), .TH_SIGNED(TH_SIGNED), .R_W(R_W), .R_SIGNED(R_SIGNED), .D_W(D_W),
        .D_SIGNED(D_SIGNED), .THRESHOLD_FILE({TABLE_PREFIX, "threshold.hex"}),
        .RESET_FILE({TABLE_PREFIX, "reset_amount.hex"}),
        .INTENSITY_FILE({TABLE_PREFIX, "intensity.hex"})
    ) bank (.clk(clk), .start(start), .u(u), .t(t), .running(running), .done(done),
            .spikes(spike), .events_v(events_v), .events_acc(events_acc), .acc_sum(acc));

    wire [Y_W-1:0] readout, passed;
    wire unused_readout_event, unused_pass_event;
    fx_requant #(.IN_W(SUM_W), .DROP(OUT_DROP), .ROUNDING(Y_ROUNDING), .W(Y_W),
                 .SIGNED(Y_SIGNED), .OVERFLOW(Y_OVERFLOW))
        to_y (.x(acc), .word(readout), .overflow(unused_readout_event));
    fx_requant #(.IN_W(XW), .DROP(PASS_DROP), .ROUNDING(Y_ROUNDING), .W(Y_W),
                 .SIGNED(Y_SIGNED), .OVERFLOW(Y_OVERFLOW))
        pass (.x(x), .word(passed), .overflow(unused_pass_event));
    wire above = $signed({{(65-XW){x[XW-1]}}, x}) > $signed({PASS_ABOVE[63], PASS_ABOVE});
    assign y = PASS != 0 && above ? passed : readout;
endmodule
`default_nettype wire

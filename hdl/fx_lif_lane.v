// fx_lif_lane: one timestep of one neuron of fxsim's integer IF/LIF population engine
// (docs/algorithms.md 2.1-2.3). Combinational: the state words come in, the next state words
// go out, so one lane can serve a whole population from a state memory (one neuron per cycle).
//
//   x   = in << INPUT_SHIFT                                   (0 when the step has no input)
//   1.  i = ovf_I(i - leak_i(i) + x)                          CUBA only
//       INPUT_BEFORE_DECAY: i = ovf_I(i + x); i = ovf_I(i - leak_i(i))
//   2.  v = ovf_V(v - leak_v(v) + (i or x) + bias)
//       MEMBRANE_INCREMENT: dv = ovf_V((i or x) - leak_v(v)); dv = ovf_V(dv + bias);
//                           v = ovf_V(v + dv)
//   3.  s = 0; while cmp(v, theta) and s < MAX_SPIKES: s += 1; v = v - r (or V_RESET)
//       v = ovf_V(v)            cmp: v >= theta, or v > theta with COMPARE_STRICT
//   4.  acc = ovf_A(acc + s * d)
//   load (input_mode "initial", before step 0): v = ovf_V(in << INPUT_SHIFT), nothing else.
//
// Stored words: v in VW bits, i in IW bits, acc in AW bits, each signed or unsigned with its
// own overflow mode (enum fx_overflow). Schedule values theta, r, d, bias arrive as SW-bit
// signed numbers (raw, theta / r / bias in V's frac bits, d in A's frac bits: the lane never
// rescales, so frac bits only matter to whoever fills the schedules). The localparams size
// every intermediate so that nothing wraps inside the lane: the only overflows are the ovf_*
// of the definition. The spike loop is a for loop that synthesis unrolls into MAX_SPIKES
// compare / reset stages (the whole step is one combinational path; a large MAX_SPIKES would
// rather iterate over cycles). events_* count this step's overflow events of the neuron
// (fxsim's Trace.overflow sums them over neurons).
`default_nettype none
module fx_lif_lane #(
    parameter integer XW = 32,                 // input word (int32 in fxsim)
    parameter integer INPUT_SHIFT = 0,         // 0..24
    parameter integer SW = 33,                 // schedule values (signed)
    parameter integer VW = 16, parameter integer V_SIGNED = 1, parameter integer V_OVERFLOW = 1,
    parameter integer IW = 16, parameter integer I_SIGNED = 1, parameter integer I_OVERFLOW = 1,
    parameter integer AW = 32, parameter integer A_SIGNED = 1, parameter integer A_OVERFLOW = 1,
    parameter integer CUBA = 0,
    parameter integer INPUT_BEFORE_DECAY = 0,
    parameter integer MEMBRANE_INCREMENT = 0,
    parameter integer LEAK_V_KIND = 0, parameter integer LEAK_V_SHIFT = 0,
    parameter integer LEAK_V_ROUNDING = 0, parameter integer LEAK_V_MIN_STEP = 0,
    parameter integer LEAK_V_FACTOR = 0,
    parameter integer LEAK_I_KIND = 0, parameter integer LEAK_I_SHIFT = 0,
    parameter integer LEAK_I_ROUNDING = 0, parameter integer LEAK_I_MIN_STEP = 0,
    parameter integer LEAK_I_FACTOR = 0,
    parameter integer COMPARE_STRICT = 0,
    parameter integer RESET_ZERO = 0,
    parameter signed [63:0] V_RESET = 0,       // |v_reset| < 2^40
    parameter integer MAX_SPIKES = 1,
    parameter integer SPIKE_W = $clog2(MAX_SPIKES + 1)
) (
    input  wire                 load,
    input  wire signed [XW-1:0] x,
    input  wire [VW-1:0]        v,
    input  wire [IW-1:0]        i,
    input  wire [AW-1:0]        acc,
    input  wire signed [SW-1:0] theta,
    input  wire signed [SW-1:0] reset_amount,
    input  wire signed [SW-1:0] intensity,
    input  wire signed [SW-1:0] bias,
    output wire [VW-1:0]        v_next,
    output wire [IW-1:0]        i_next,
    output wire [AW-1:0]        acc_next,
    output wire [SPIKE_W-1:0]   spikes,
    output wire [2:0]           events_v,
    output wire [1:0]           events_i,
    output wire                 events_acc
);
    // ---- widths -----------------------------------------------------------------------------
    localparam integer FACTOR_MAX = LEAK_V_FACTOR > LEAK_I_FACTOR ? LEAK_V_FACTOR : LEAK_I_FACTOR;
    localparam integer FACTOR_W = $clog2(FACTOR_MAX) + 2;        // FACTOR (< 2^31) as signed
    localparam integer M0 = VW > IW ? VW : IW;
    localparam integer M1 = M0 + 1 > XW + INPUT_SHIFT ? M0 + 1 : XW + INPUT_SHIFT;
    localparam integer M = M1 > SW ? M1 : SW;                     // every operand < 2^M
    localparam integer EW = M + FACTOR_W + 4;                     // step 1 / 2 sums, leaks
    localparam integer LW0 = EW + SPIKE_W + 1;                    // spike loop: v - s * r
    localparam integer LW = LW0 > 42 ? LW0 : 42;                  // and V_RESET (< 2^40)
    localparam integer PW = SW + SPIKE_W + 2;                     // s * d
    localparam integer CW = (AW + 1 > PW ? AW + 1 : PW) + 1;      // acc + s * d

    // ---- operands as EW-bit signed numbers --------------------------------------------------
    wire signed [EW-1:0] xs = $signed({{(EW-XW){x[XW-1]}}, x}) <<< INPUT_SHIFT;
    wire signed [EW-1:0] v_in = {{(EW-VW){V_SIGNED != 0 && v[VW-1]}}, v};
    wire signed [EW-1:0] i_in = {{(EW-IW){I_SIGNED != 0 && i[IW-1]}}, i};
    wire signed [EW-1:0] bias_e = {{(EW-SW){bias[SW-1]}}, bias};

    // ---- rule 1: the current ----------------------------------------------------------------
    wire signed [EW-1:0] drive;
    wire [IW-1:0] i_word;
    wire [1:0] ev_i;
    generate
        if (CUBA != 0 && INPUT_BEFORE_DECAY != 0) begin : current_input_first
            wire [IW-1:0] c1;
            wire o1, o2;
            fx_fit #(.IN_W(EW), .W(IW), .SIGNED(I_SIGNED), .OVERFLOW(I_OVERFLOW))
                fit1 (.x(i_in + xs), .word(c1), .overflow(o1));
            wire signed [EW-1:0] c1e = {{(EW-IW){I_SIGNED != 0 && c1[IW-1]}}, c1};
            wire signed [EW-1:0] leak1;
            fx_leak #(.W(EW), .KIND(LEAK_I_KIND), .SHIFT(LEAK_I_SHIFT), .ROUNDING(LEAK_I_ROUNDING),
                      .MIN_STEP(LEAK_I_MIN_STEP), .FACTOR(LEAK_I_FACTOR), .FACTOR_W(FACTOR_W))
                leak_i (.x(c1e), .amount(leak1));
            fx_fit #(.IN_W(EW), .W(IW), .SIGNED(I_SIGNED), .OVERFLOW(I_OVERFLOW))
                fit2 (.x(c1e - leak1), .word(i_word), .overflow(o2));
            assign ev_i = {1'b0, o1} + {1'b0, o2};
        end else if (CUBA != 0) begin : current
            wire signed [EW-1:0] leak1;
            fx_leak #(.W(EW), .KIND(LEAK_I_KIND), .SHIFT(LEAK_I_SHIFT), .ROUNDING(LEAK_I_ROUNDING),
                      .MIN_STEP(LEAK_I_MIN_STEP), .FACTOR(LEAK_I_FACTOR), .FACTOR_W(FACTOR_W))
                leak_i (.x(i_in), .amount(leak1));
            wire o1;
            fx_fit #(.IN_W(EW), .W(IW), .SIGNED(I_SIGNED), .OVERFLOW(I_OVERFLOW))
                fit1 (.x(i_in - leak1 + xs), .word(i_word), .overflow(o1));
            assign ev_i = {1'b0, o1};
        end else begin : no_current
            assign i_word = i;
            assign ev_i = 2'd0;
            wire unused_i = ^i_in;
        end
        if (CUBA != 0) begin : drive_current
            assign drive = {{(EW-IW){I_SIGNED != 0 && i_word[IW-1]}}, i_word};
        end else begin : drive_input
            assign drive = xs;
        end
    endgenerate

    // ---- rule 2: the membrane ---------------------------------------------------------------
    wire signed [EW-1:0] leak_v_amount;
    fx_leak #(.W(EW), .KIND(LEAK_V_KIND), .SHIFT(LEAK_V_SHIFT), .ROUNDING(LEAK_V_ROUNDING),
              .MIN_STEP(LEAK_V_MIN_STEP), .FACTOR(LEAK_V_FACTOR), .FACTOR_W(FACTOR_W))
        leak_v (.x(v_in), .amount(leak_v_amount));
    wire [VW-1:0] v_integrated;
    wire [1:0] ev_v_integrate;
    generate
        if (MEMBRANE_INCREMENT != 0) begin : increment
            wire [VW-1:0] dv1, dv2;
            wire o1, o2, o3;
            fx_fit #(.IN_W(EW), .W(VW), .SIGNED(V_SIGNED), .OVERFLOW(V_OVERFLOW))
                fit1 (.x(drive - leak_v_amount), .word(dv1), .overflow(o1));
            wire signed [EW-1:0] dv1e = {{(EW-VW){V_SIGNED != 0 && dv1[VW-1]}}, dv1};
            fx_fit #(.IN_W(EW), .W(VW), .SIGNED(V_SIGNED), .OVERFLOW(V_OVERFLOW))
                fit2 (.x(dv1e + bias_e), .word(dv2), .overflow(o2));
            wire signed [EW-1:0] dv2e = {{(EW-VW){V_SIGNED != 0 && dv2[VW-1]}}, dv2};
            fx_fit #(.IN_W(EW), .W(VW), .SIGNED(V_SIGNED), .OVERFLOW(V_OVERFLOW))
                fit3 (.x(v_in + dv2e), .word(v_integrated), .overflow(o3));
            assign ev_v_integrate = {1'b0, o1} + {1'b0, o2} + {1'b0, o3};
        end else begin : sum
            wire o1;
            fx_fit #(.IN_W(EW), .W(VW), .SIGNED(V_SIGNED), .OVERFLOW(V_OVERFLOW))
                fit1 (.x(v_in - leak_v_amount + drive + bias_e), .word(v_integrated),
                      .overflow(o1));
            assign ev_v_integrate = {1'b0, o1};
        end
    endgenerate

    // ---- rule 3: threshold compare and reset (the loop unrolls into MAX_SPIKES stages) ------
    wire signed [LW-1:0] theta_l = {{(LW-SW){theta[SW-1]}}, theta};
    wire signed [LW-1:0] reset_l = {{(LW-SW){reset_amount[SW-1]}}, reset_amount};
    wire signed [LW-1:0] v_reset_l;
    generate
        if (LW >= 64) begin : reset_wide
            assign v_reset_l = {{(LW-63){V_RESET[63]}}, V_RESET[62:0]};
        end else begin : reset_narrow
            assign v_reset_l = V_RESET[LW-1:0];
        end
    endgenerate
    reg signed [LW-1:0] v_loop;
    reg [SPIKE_W-1:0] count;
    integer k;
    always @* begin
        v_loop = {{(LW-VW){V_SIGNED != 0 && v_integrated[VW-1]}}, v_integrated};
        count = {SPIKE_W{1'b0}};
        for (k = 0; k < MAX_SPIKES; k = k + 1)
            if (COMPARE_STRICT != 0 ? v_loop > theta_l : v_loop >= theta_l) begin
                count = count + 1'b1;
                v_loop = RESET_ZERO != 0 ? v_reset_l : v_loop - reset_l;
            end
    end
    wire [VW-1:0] v_spiked;
    wire ev_v_reset;
    fx_fit #(.IN_W(LW), .W(VW), .SIGNED(V_SIGNED), .OVERFLOW(V_OVERFLOW))
        fit_reset (.x(v_loop), .word(v_spiked), .overflow(ev_v_reset));

    // ---- rule 4: the accumulator ------------------------------------------------------------
    wire signed [PW-1:0] gain = $signed({1'b0, count}) * intensity;
    wire signed [CW-1:0] acc_in = {{(CW-AW){A_SIGNED != 0 && acc[AW-1]}}, acc};
    wire [AW-1:0] acc_word;
    wire ev_acc;
    fx_fit #(.IN_W(CW), .W(AW), .SIGNED(A_SIGNED), .OVERFLOW(A_OVERFLOW))
        fit_acc (.x(acc_in + {{(CW-PW){gain[PW-1]}}, gain}), .word(acc_word), .overflow(ev_acc));

    // ---- load (input_mode "initial") --------------------------------------------------------
    wire [VW-1:0] v_loaded;
    wire ev_load;
    fx_fit #(.IN_W(EW), .W(VW), .SIGNED(V_SIGNED), .OVERFLOW(V_OVERFLOW))
        fit_load (.x(xs), .word(v_loaded), .overflow(ev_load));

    assign v_next = load ? v_loaded : v_spiked;
    assign i_next = load ? i : i_word;
    assign acc_next = load ? acc : acc_word;
    assign spikes = load ? {SPIKE_W{1'b0}} : count;
    assign events_v = load ? {2'b0, ev_load} : {1'b0, ev_v_integrate} + {2'b0, ev_v_reset};
    assign events_i = load ? 2'd0 : ev_i;
    assign events_acc = load ? 1'b0 : ev_acc;
endmodule
`default_nettype wire

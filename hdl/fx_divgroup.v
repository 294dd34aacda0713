// fx_divgroup: one division of P1's Division Neuron Group (docs/algorithms.md section 4):
// G ordered-threshold neurons integrating the same numerator steps; the quotient is the
// number of neurons that fired. Sequential: `start` loads the denominator and clears the
// group; each `step` integrates one numerator step a[t]; the outputs are valid after it.
//
//   k      = max(0, NORMALIZE_BIT - msb(B))       NORMALIZE only, else 0 (leading-one detect)
//   theta  = max(1, (B << k) >> N)                TRN: B's low bits below 2^N are dropped
//   neuron i = 1..G: threshold i * theta, latches (fires once, stays silent) at v >= i * theta
//   step:  v += |a[t]| << k;  negative |= a[t] < 0    (sign and magnitude; v never decreases)
//   q      = #latched neurons                      (ordered thresholds: a thermometer code)
//   inexact = v > q * theta
//   result = negative ? -q - (inexact and q < G) : q          signed, N fractional bits
//   quotient = ovf_OUT(shr_Q(result, OUT_DROP))    OUT_DROP = N - out frac (< 0: shift left)
//
// Widths: a AW bits (A_SIGNED), B BW bits unsigned (B > 0), membrane VW bits unsigned (the
// caller sizes it: AW + NORMALIZE_BIT + log2(T) bits hold every sum), thresholds
// BW + NORMALIZE_BIT + log2(G + 1) bits, count log2(G + 1) bits, result count + 2 bits.
`default_nettype none
module fx_divgroup #(
    parameter integer AW = 16, parameter integer A_SIGNED = 1,
    parameter integer BW = 16,
    parameter integer N = 8,
    parameter integer G = 256,
    parameter integer NORMALIZE = 0,
    parameter integer NORMALIZE_BIT = 24,
    parameter integer VW = 48,
    parameter integer OUT_W = 10, parameter integer OUT_SIGNED = 1,
    parameter integer OUT_ROUNDING = 0, parameter integer OUT_OVERFLOW = 1,
    parameter integer OUT_DROP = 0,
    parameter integer KMAX = NORMALIZE != 0 ? NORMALIZE_BIT : 0,        // largest shift k
    parameter integer K_W = $clog2(NORMALIZE_BIT + 1) + 1,
    parameter integer THW = BW + KMAX + 1,                    // theta, B << k (+1: no 0-width pad)
    parameter integer CNT_W = $clog2(G + 1)
) (
    input  wire              clk,
    input  wire              start,       // load b, clear membrane, latches and sign
    input  wire              step,        // integrate a (one numerator step)
    input  wire [AW-1:0]     a,
    input  wire [BW-1:0]     b,
    output wire [K_W-1:0]    shift,       // k
    output wire [THW-1:0]    theta,
    output reg  [VW-1:0]     membrane,
    output reg  [CNT_W-1:0]  latched,     // neurons fired so far
    output wire [OUT_W-1:0]  quotient,
    output wire              overflow
);
    localparam integer TW = THW + CNT_W;                  // i * theta, i <= G
    localparam integer CMPW = (TW > VW ? TW : VW) + 1;    // membrane vs threshold compares
    localparam integer LEAD_W = $clog2(BW + 1);
    localparam integer RW = CNT_W + 2;                    // signed result -G .. G, a spare bit

    reg [BW-1:0] denominator;
    reg negative;
    reg [G-1:0] fired;

    // ---- normalising shift and threshold unit (a leading-one detector and two shifters) ----
    reg [LEAD_W-1:0] lead, position;
    integer j;
    always @* begin                                       // msb(B): the highest set bit
        lead = {LEAD_W{1'b0}};
        position = {LEAD_W{1'b0}};
        for (j = 0; j < BW; j = j + 1) begin
            if (denominator[j]) lead = position;
            position = position + 1'b1;
        end
    end
    localparam integer LKW = (K_W > LEAD_W ? K_W : LEAD_W) + 1;
    wire [LKW-1:0] lead_k = {{(LKW-LEAD_W){1'b0}}, lead};
    wire [LKW-1:0] target = NORMALIZE_BIT[LKW-1:0];
    wire [LKW-1:0] distance = target - lead_k;
    assign shift = NORMALIZE != 0 && target > lead_k ? distance[K_W-1:0] : {K_W{1'b0}};
    wire unused_distance = ^distance[LKW-1:K_W];          // k <= NORMALIZE_BIT fits K_W bits
    wire [THW-1:0] b_shifted = {{(KMAX+1){1'b0}}, denominator} << shift;
    wire [THW-1:0] theta_trn = b_shifted >> N;
    assign theta = theta_trn == 0 ? {{(THW-1){1'b0}}, 1'b1} : theta_trn;

    // ---- the shared membrane: every neuron integrates |a| << k -------------------------------
    wire a_negative = A_SIGNED != 0 && a[AW-1];
    wire [AW-1:0] magnitude = a_negative ? -a : a;
    wire [VW-1:0] v_next = membrane + ({{(VW-AW){1'b0}}, magnitude} << shift);
    wire [CMPW-1:0] v_next_cmp = {{(CMPW-VW){1'b0}}, v_next};
    wire [TW-1:0] theta_t = {{CNT_W{1'b0}}, theta};

    // ---- G neurons with ordered thresholds i * theta -----------------------------------------
    genvar i;
    generate
        for (i = 1; i <= G; i = i + 1) begin : neuron
            wire [TW-1:0] index = i;
            wire [TW-1:0] threshold = theta_t * index;
            always @(posedge clk)
                if (start)
                    fired[i-1] <= 1'b0;
                else if (step && v_next_cmp >= {{(CMPW-TW){1'b0}}, threshold})
                    fired[i-1] <= 1'b1;
        end
    endgenerate
    always @(posedge clk)
        if (start) begin
            denominator <= b;
            membrane <= {VW{1'b0}};
            negative <= 1'b0;
        end else if (step) begin
            membrane <= v_next;
            negative <= negative | a_negative;
        end
    integer c;
    always @* begin                                       // count of fired neurons
        latched = {CNT_W{1'b0}};
        for (c = 0; c < G; c = c + 1)
            latched = latched + {{(CNT_W-1){1'b0}}, fired[c]};
    end

    // ---- signed result, floor restored, requantized ------------------------------------------
    wire [TW-1:0] top = theta_t * {{THW{1'b0}}, latched};  // threshold of the top fired neuron
    wire inexact = {{(CMPW-VW){1'b0}}, membrane} > {{(CMPW-TW){1'b0}}, top};
    wire signed [RW-1:0] count = {2'b00, latched};
    wire floor_step = negative && inexact && latched != G[CNT_W-1:0];
    wire signed [RW-1:0] result = negative ? -count - {{(RW-1){1'b0}}, floor_step} : count;
    generate
        if (OUT_DROP >= 0) begin : narrow
            wire signed [RW:0] rounded;
            fx_shift_round #(.IN_W(RW), .K(OUT_DROP), .ROUNDING(OUT_ROUNDING))
                shr (.x(result), .y(rounded));
            fx_fit #(.IN_W(RW + 1), .W(OUT_W), .SIGNED(OUT_SIGNED), .OVERFLOW(OUT_OVERFLOW))
                fit (.x(rounded), .word(quotient), .overflow(overflow));
        end else begin : widen
            wire signed [RW-OUT_DROP-1:0] widened = {{(-OUT_DROP){result[RW-1]}}, result}
                                                    <<< (-OUT_DROP);
            fx_fit #(.IN_W(RW - OUT_DROP), .W(OUT_W), .SIGNED(OUT_SIGNED), .OVERFLOW(OUT_OVERFLOW))
                fit (.x(widened), .word(quotient), .overflow(overflow));
        end
    endgenerate
endmodule
`default_nettype wire

// tb_divgroup: runs fx_divgroup over a golden Division Neuron Group set (fxsim golden divgroup
// ...) and compares every word: per division the normalising shift k and theta (the set's
// tables), the membrane and latched count after every step (traces), the quotient, and the
// total overflow count. Run inside the set directory (numerator.hex [T, M], denominator.hex
// [M], shift.hex, theta.hex, quotient.hex, overflow_q.hex, trace_membrane.hex,
// trace_latched.hex). Prints "N passed, N failed"; $fatal on a mismatch.
`default_nettype none
module tb_divgroup;
    parameter integer M = 1;                   // divisions
    parameter integer T = 1;                   // numerator steps
    parameter integer TRACED = 1;
    parameter integer AW = 16, A_SIGNED = 1, BW = 16;
    parameter integer N = 8, G = 256, NORMALIZE = 0, NORMALIZE_BIT = 24, VW = 48;
    parameter integer OUT_W = 10, OUT_SIGNED = 1, OUT_ROUNDING = 0, OUT_OVERFLOW = 1;
    parameter integer OUT_DROP = 0;

    localparam integer KMAX = NORMALIZE != 0 ? NORMALIZE_BIT : 0;
    localparam integer K_W = $clog2(NORMALIZE_BIT + 1) + 1;
    localparam integer THW = BW + KMAX + 1;
    localparam integer CNT_W = $clog2(G + 1);

    reg [63:0] numerator [0:T*M-1];
    reg [63:0] denominator [0:M-1];
    reg [63:0] want_shift [0:M-1], want_theta [0:M-1], want_quotient [0:M-1];
    reg [63:0] want_overflow [0:0];
    reg [63:0] want_membrane [0:T*M-1], want_latched [0:T*M-1];

    reg clk = 1'b0, start = 1'b0, step = 1'b0;
    reg [AW-1:0] a = {AW{1'b0}};
    reg [BW-1:0] b = {BW{1'b0}};
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

    `include "tb_check.vh"

    integer j, t, events;

    task tick;
        begin
            #1 clk = 1'b1;
            #1 clk = 1'b0;
        end
    endtask

    initial begin
        $readmemh("numerator.hex", numerator);
        $readmemh("denominator.hex", denominator);
        $readmemh("shift.hex", want_shift);
        $readmemh("theta.hex", want_theta);
        $readmemh("quotient.hex", want_quotient);
        $readmemh("overflow_q.hex", want_overflow);
        if (TRACED != 0) begin
            $readmemh("trace_membrane.hex", want_membrane);
            $readmemh("trace_latched.hex", want_latched);
        end
        events = 0;
        for (j = 0; j < M; j = j + 1) begin
            b = denominator[j][BW-1:0];
            start = 1'b1;
            tick;
            start = 1'b0;
            #1;
            compare("shift", j, shift, want_shift[j]);
            compare("theta", j, theta, want_theta[j]);
            for (t = 0; t < T; t = t + 1) begin
                a = numerator[t * M + j][AW-1:0];
                step = 1'b1;
                tick;
                step = 1'b0;
                #1;
                if (TRACED != 0) begin
                    compare("trace_membrane", t * M + j, membrane, want_membrane[t * M + j]);
                    compare("trace_latched", t * M + j, latched, want_latched[t * M + j]);
                end
            end
            compare("quotient", j, quotient, want_quotient[j]);
            events = events + overflow;
        end
        compare("overflow_q", 0, events, want_overflow[0]);
        report("tb_divgroup");
    end
endmodule
`default_nettype wire

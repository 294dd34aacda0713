// tb_arith: fx_shift_round and fx_fit, every mode, exhaustively over small widths.
//
// Reads (from the working directory) x8.hex: every 8-bit signed input, 256 words;
// want_shift.hex: for K = 0..KMAX and ROUNDING = 0..6 (K major), 256 results each as 9-bit
// two's complement words; x10.hex: every 10-bit signed input, 1024 words; want_fit.hex: for
// W = 1..WMAX, SIGNED = 0..1, OVERFLOW = 0..3 (W major), 1024 words each, the stored word
// plus (overflow event << 16). tests/golden/test_rtl.py writes the expected words with fxsim's
// numpy definition. Prints "N passed, N failed"; $fatal on a mismatch.
`default_nettype none
module tb_arith;
    parameter integer KMAX = 9;
    parameter integer WMAX = 8;
    localparam integer NSHIFT = (KMAX + 1) * 7;
    localparam integer NFIT = WMAX * 8;

    reg [7:0] x8 [0:255];
    reg [9:0] x10 [0:1023];
    reg [8:0] want_shift [0:NSHIFT*256-1];
    reg [16:0] want_fit [0:NFIT*1024-1];
    reg signed [7:0] a;
    reg signed [9:0] b;
    wire [8:0] shifted [0:NSHIFT-1];
    wire [16:0] fitted [0:NFIT-1];

    genvar k, q, w, s, o;
    generate
        for (k = 0; k <= KMAX; k = k + 1) begin : shift_k
            for (q = 0; q < 7; q = q + 1) begin : shift_q
                wire signed [8:0] y;
                fx_shift_round #(.IN_W(8), .K(k), .ROUNDING(q)) dut (.x(a), .y(y));
                assign shifted[k * 7 + q] = y;
            end
        end
        for (w = 1; w <= WMAX; w = w + 1) begin : fit_w
            for (s = 0; s < 2; s = s + 1) begin : fit_s
                for (o = 0; o < 4; o = o + 1) begin : fit_o
                    wire [w-1:0] word;
                    wire event_;
                    fx_fit #(.IN_W(10), .W(w), .SIGNED(s), .OVERFLOW(o))
                        dut (.x(b), .word(word), .overflow(event_));
                    assign fitted[(w - 1) * 8 + s * 4 + o] = {event_, {(16-w){1'b0}}, word};
                end
            end
        end
    endgenerate

    `include "tb_check.vh"

    integer j, m;

    initial begin
        $readmemh("x8.hex", x8);
        $readmemh("want_shift.hex", want_shift);
        $readmemh("x10.hex", x10);
        $readmemh("want_fit.hex", want_fit);
        for (j = 0; j < 256; j = j + 1) begin
            a = x8[j];
            #1;
            for (m = 0; m < NSHIFT; m = m + 1)
                compare("shift", m * 256 + j, shifted[m], want_shift[m * 256 + j]);
        end
        for (j = 0; j < 1024; j = j + 1) begin
            b = x10[j];
            #1;
            for (m = 0; m < NFIT; m = m + 1)
                compare("fit", m * 1024 + j, fitted[m], want_fit[m * 1024 + j]);
        end
        report("tb_arith");
    end
endmodule
`default_nettype wire

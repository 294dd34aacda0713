// tb_pwl_exp: runs fx_pwl_exp over a golden PWL-Exp set (fxsim golden pwl_exp ...) and compares
// every output and trace word. Run inside the set directory: the unit's ROMs load knots.hex,
// slope.hex and intercept.hex, the bench loads input.hex and the expected output.hex,
// overflow_output.hex and (traced sets) trace_index.hex, trace_product.hex, trace_sum.hex.
// Prints "N passed, N failed"; $fatal on a mismatch.
`default_nettype none
module tb_pwl_exp;
    parameter integer COUNT = 1;               // inputs in the set
    parameter integer TRACED = 1;
    parameter integer XW = 16, X_SIGNED = 1, FX = 12;
    parameter integer KW = 16, KNOT_SIGNED = 1;
    parameter integer AW = 32, A_SIGNED = 0, FA = 24;
    parameter integer BW = 32, B_SIGNED = 1, FB = 21;
    parameter integer YW = 32, Y_SIGNED = 0, FO = 23, Y_ROUNDING = 6, Y_OVERFLOW = 1;
    parameter integer K = 64;
    parameter signed [63:0] X_LO = -20480;
    parameter signed [63:0] X_HI = 20480;
    parameter [63:0] UPPER = 1244979814;
    // stored widths of the expected traces (the unit's own widths may be wider)
    parameter integer INDEX_TRACE_W = 8, PRODUCT_TRACE_W = 47, SUM_TRACE_W = 48;
    parameter integer INDEX_TRACE_SIGNED = 1, PRODUCT_TRACE_SIGNED = 1, SUM_TRACE_SIGNED = 1;

    localparam integer IDX_W = $clog2(K + 1) + 1;
    localparam integer PW = AW + (A_SIGNED != 0 ? 0 : 1) + XW + (X_SIGNED != 0 ? 0 : 1);
    localparam integer BSW = BW + (B_SIGNED != 0 ? 0 : 1) + FA + FX - FB;
    localparam integer SUMW = (PW > BSW ? PW : BSW) + 1;

    reg [63:0] input_mem [0:COUNT-1];
    reg [63:0] want_output [0:COUNT-1];
    reg [63:0] want_overflow [0:0];
    reg [63:0] want_index [0:COUNT-1], want_product [0:COUNT-1], want_sum [0:COUNT-1];

    reg [XW-1:0] x;
    wire [YW-1:0] y;
    wire signed [IDX_W-1:0] index;
    wire signed [PW-1:0] product;
    wire signed [SUMW-1:0] sum;
    wire overflow;
    fx_pwl_exp #(
        .XW(XW), .X_SIGNED(X_SIGNED), .FX(FX), .KW(KW), .KNOT_SIGNED(KNOT_SIGNED),
        .AW(AW), .A_SIGNED(A_SIGNED), .FA(FA), .BW(BW), .B_SIGNED(B_SIGNED), .FB(FB),
        .YW(YW), .Y_SIGNED(Y_SIGNED), .FO(FO), .Y_ROUNDING(Y_ROUNDING), .Y_OVERFLOW(Y_OVERFLOW),
        .K(K), .X_LO(X_LO), .X_HI(X_HI), .UPPER(UPPER)
    ) dut (.x(x), .y(y), .index(index), .product(product), .sum(sum), .overflow(overflow));

    `include "tb_check.vh"

    integer j, events;

    initial begin
        $readmemh("input.hex", input_mem);
        $readmemh("output.hex", want_output);
        $readmemh("overflow_output.hex", want_overflow);
        if (TRACED != 0) begin
            $readmemh("trace_index.hex", want_index);
            $readmemh("trace_product.hex", want_product);
            $readmemh("trace_sum.hex", want_sum);
        end
        events = 0;
        for (j = 0; j < COUNT; j = j + 1) begin
            x = input_mem[j][XW-1:0];
            #1;
            compare("output", j, {{(64-YW){1'b0}}, y}, want_output[j]);
            events = events + overflow;
            if (TRACED != 0) begin
                compare("trace_index", j, value(index, IDX_W, 1),
                        value(want_index[j], INDEX_TRACE_W, INDEX_TRACE_SIGNED));
                compare("trace_product", j, value(product, PW, 1),
                        value(want_product[j], PRODUCT_TRACE_W, PRODUCT_TRACE_SIGNED));
                compare("trace_sum", j, value(sum, SUMW, 1), value(want_sum[j], SUM_TRACE_W,
                                                      SUM_TRACE_SIGNED));
            end
        end
        compare("overflow_output", 0, events, want_overflow[0]);
        report("tb_pwl_exp");
    end
endmodule
`default_nettype wire

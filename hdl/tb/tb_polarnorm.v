// tb_polarnorm: runs fx_polarnorm over the rows of a golden set and compares every output,
// counter and trace word. Run inside the set directory. A PolarNorm set (fxsim golden polarnorm)
// uses the default file names; an nlspike rmsnorm / layernorm set names its PolarNorm part
// (INPUT_FILE = "trace_norm_input.hex", ...; ROW_EXPONENT = 1: each row's eps leaf is
// EPS_LEAVES_FILE[e - EXP_LO], e from ROW_EXPONENT_FILE; else EPS_RAW). Reads the rows
// [ROWS][D], expects the norm [ROWS], the three overflow counters and (TRACED) sorted
// [ROWS][M], cordic_x / cordic_y [ROWS][M-1][N+1] and merged [ROWS][M-1].
// Prints "N passed, N failed"; $fatal on a mismatch.
`default_nettype none
module tb_polarnorm;
    parameter integer ROWS = 1;
    parameter integer TRACED = 1;
    parameter integer XW = 16, X_SIGNED = 1, D = 16, HAS_EPS = 1, IW = 32;
    parameter [63:0] EPS_RAW = 207;
    parameter integer ROW_EXPONENT = 0, EXP_LO = 0, N_EPS_LEAVES = 1, ROW_E_W = 8;
    parameter ROW_EXPONENT_FILE = "trace_row_exponent.hex";
    parameter EPS_LEAVES_FILE = "row_exponent_eps_leaves.hex";
    parameter integer GUARD = 4, I_ROUNDING = 2, I_OVERFLOW = 1, N = 8, GMW = 16;
    parameter [63:0] GAIN_M = 39797;
    parameter integer GAIN_SHIFT = 16;
    parameter integer OUT_W = 24, OUT_SIGNED = 0, OUT_ROUNDING = 0, OUT_OVERFLOW = 1;
    parameter integer OUT_DROP = 4;
    parameter INPUT_FILE = "input.hex", OUTPUT_FILE = "output.hex";
    parameter OVERFLOW_INPUT_FILE = "overflow_input.hex";
    parameter OVERFLOW_MERGE_FILE = "overflow_merge.hex";
    parameter OVERFLOW_OUTPUT_FILE = "overflow_output.hex";
    parameter SORTED_FILE = "trace_sorted.hex", CORDIC_X_FILE = "trace_cordic_x.hex";
    parameter CORDIC_Y_FILE = "trace_cordic_y.hex", MERGED_FILE = "trace_merged.hex";

    localparam integer M = D + (HAS_EPS != 0 ? 1 : 0);
    localparam integer MERGES = M > 1 ? M - 1 : 1;
    localparam integer CW = IW + 3, KW = $clog2(N + 1), MI_W = $clog2(M) + 1;
    localparam integer EV_W = $clog2(D + 1);

    reg [63:0] input_mem [0:ROWS*D-1];
    reg [63:0] want_output [0:ROWS-1];
    reg [63:0] want_in [0:0], want_merge [0:0], want_out [0:0];
    reg [63:0] want_sorted [0:ROWS*M-1];
    reg [63:0] want_x [0:ROWS*MERGES*(N+1)-1], want_y [0:ROWS*MERGES*(N+1)-1];
    reg [63:0] want_merged [0:ROWS*MERGES-1];
    reg [63:0] row_e [0:ROWS-1], eps_leaves [0:N_EPS_LEAVES-1];
    reg [IW-1:0] eps;

    reg clk = 1'b0, start = 1'b0;
    reg [D*XW-1:0] x;
    wire ready, output_event, sorted_valid, cordic_valid, merged_valid;
    wire [OUT_W-1:0] norm;
    wire [EV_W-1:0] input_events;
    wire [MI_W-1:0] merge_events, merge_index;
    wire [M*IW-1:0] leaves;
    wire [KW-1:0] iteration;
    wire signed [CW-1:0] cordic_x, cordic_y;
    wire [IW-1:0] merged;
    fx_polarnorm #(
        .XW(XW), .X_SIGNED(X_SIGNED), .D(D), .HAS_EPS(HAS_EPS), .IW(IW),
        .GUARD(GUARD), .I_ROUNDING(I_ROUNDING), .I_OVERFLOW(I_OVERFLOW), .N(N), .GMW(GMW),
        .GAIN_M(GAIN_M), .GAIN_SHIFT(GAIN_SHIFT), .OUT_W(OUT_W), .OUT_SIGNED(OUT_SIGNED),
        .OUT_ROUNDING(OUT_ROUNDING), .OUT_OVERFLOW(OUT_OVERFLOW), .OUT_DROP(OUT_DROP)
    ) dut (.clk(clk), .start(start), .x(x), .eps(eps), .ready(ready), .norm(norm),
           .input_events(input_events), .merge_events(merge_events),
           .output_event(output_event), .leaves(leaves), .sorted_valid(sorted_valid),
           .cordic_valid(cordic_valid), .merge_index(merge_index), .iteration(iteration),
           .cordic_x(cordic_x), .cordic_y(cordic_y), .merged_valid(merged_valid),
           .merged(merged));
    always #5 clk = ~clk;

    `include "tb_check.vh"

    integer row, j, cycles, at;
    reg [63:0] events_in, events_merge, events_out;

    initial begin
        $readmemh(INPUT_FILE, input_mem);
        $readmemh(OUTPUT_FILE, want_output);
        $readmemh(OVERFLOW_INPUT_FILE, want_in);
        $readmemh(OVERFLOW_MERGE_FILE, want_merge);
        $readmemh(OVERFLOW_OUTPUT_FILE, want_out);
        if (TRACED != 0) begin
            $readmemh(SORTED_FILE, want_sorted);
            if (M > 1) begin
                $readmemh(CORDIC_X_FILE, want_x);
                $readmemh(CORDIC_Y_FILE, want_y);
                $readmemh(MERGED_FILE, want_merged);
            end
        end
        if (ROW_EXPONENT != 0) begin
            $readmemh(ROW_EXPONENT_FILE, row_e);
            if (HAS_EPS != 0) $readmemh(EPS_LEAVES_FILE, eps_leaves);
        end
        events_in = 0;
        events_merge = 0;
        events_out = 0;
        for (row = 0; row < ROWS; row = row + 1) begin
            for (j = 0; j < D; j = j + 1)
                x[j*XW +: XW] = input_mem[row*D + j][XW-1:0];
            eps = ROW_EXPONENT != 0 && HAS_EPS != 0
                ? eps_leaves[value(row_e[row], ROW_E_W, 1) - EXP_LO][IW-1:0] : EPS_RAW[IW-1:0];
            @(negedge clk) start = 1'b1;
            @(negedge clk) start = 1'b0;
            cycles = 0;
            while (!ready && cycles < 4 * M * (N + 2) + 8) begin
                if (TRACED != 0 && sorted_valid)
                    for (j = 0; j < M; j = j + 1)
                        compare("sorted", row * M + j, {{(64-IW){1'b0}}, leaves[j*IW +: IW]},
                                want_sorted[row * M + j]);
                at = (row * MERGES + merge_index) * (N + 1) + iteration;
                if (TRACED != 0 && cordic_valid) begin
                    compare("cordic_x", at, value({{(64-CW){1'b0}}, cordic_x}, CW, 1),
                            value(want_x[at], CW, 1));
                    compare("cordic_y", at, value({{(64-CW){1'b0}}, cordic_y}, CW, 1),
                            value(want_y[at], CW, 1));
                end
                if (TRACED != 0 && merged_valid)
                    compare("merged", row * MERGES + merge_index, {{(64-IW){1'b0}}, merged},
                            want_merged[row * MERGES + merge_index]);
                @(negedge clk) cycles = cycles + 1;
            end
            compare("output", row, {{(64-OUT_W){1'b0}}, norm}, want_output[row]);
            events_in = events_in + input_events;
            events_merge = events_merge + merge_events;
            events_out = events_out + output_event;
        end
        compare("overflow_input", 0, events_in, want_in[0]);
        compare("overflow_merge", 0, events_merge, want_merge[0]);
        compare("overflow_output", 0, events_out, want_out[0]);
        report("tb_polarnorm");
    end
endmodule
`default_nettype wire

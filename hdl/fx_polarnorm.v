// fx_polarnorm: the l2 norm of a row of D inputs, sqrt(sum x^2 + eps D), from a tree of
// CORDIC merges (docs/algorithms.md section 6). Sequential: `start` loads a row; `ready`
// rises when `norm` is valid, (M - 1)(N + 2) + 2 clocks later (M = D + HAS_EPS leaves).
//
//   1. leaf_j = ovf_T(|x_j| << GUARD)             combinational; events -> input_events
//   2. leaf_D = eps                               (HAS_EPS; an input: sqrt(eps D) raw in the
//                                                 tree format, per row with a row exponent)
//   3. sort ascending                             an odd-even transposition network, M rounds
//   4. level by level, pairs (0,1), (2,3), ... left to right through one fx_cordic_merge
//      (time-multiplexed): v[p] <= merge(v[2p], v[2p+1]); an odd last value is carried
//      up; merge events -> merge_events
//   5. norm = ovf_O(shr_{OUT_ROUNDING}(v[0], OUT_DROP))   (OUT_DROP < 0: a left shift)
//
// Trace ports (what fxsim's trace records): `leaves` (the sorted tree, valid with
// `sorted_valid`), `cordic_valid` with `merge_index` / `iteration` / `cordic_x` / `cordic_y`
// (each merge's state before iteration 0 and after each iteration), `merged_valid` with
// `merged` (after the gain). Widths: x XW bits (X_SIGNED), tree IW bits unsigned (the
// internal format), CORDIC registers IW + 3 bits signed, norm OUT_W bits.
`default_nettype none
module fx_polarnorm #(
    parameter integer XW = 16, parameter integer X_SIGNED = 1,
    parameter integer D = 16,
    parameter integer HAS_EPS = 1,
    parameter integer IW = 32,
    parameter integer GUARD = 4,
    parameter integer I_ROUNDING = 2, parameter integer I_OVERFLOW = 1,
    parameter integer N = 8,
    parameter integer GMW = 16,
    parameter [63:0] GAIN_M = 39797,           // the gain multiplier, GMW bits
    parameter integer GAIN_SHIFT = 16,
    parameter integer OUT_W = 24, parameter integer OUT_SIGNED = 0,
    parameter integer OUT_ROUNDING = 0, parameter integer OUT_OVERFLOW = 1,
    parameter integer OUT_DROP = 4,            // internal frac - output frac
    parameter integer M = D + (HAS_EPS != 0 ? 1 : 0),
    parameter integer CW = IW + 3,
    parameter integer KW = $clog2(N + 1),
    parameter integer MI_W = $clog2(M) + 1,    // merge index 0 .. M - 2, counts 0 .. M
    parameter integer EV_W = $clog2(D + 1)
) (
    input  wire                 clk,
    input  wire                 start,
    input  wire [D*XW-1:0]      x,             // x_j = x[j*XW +: XW]
    input  wire [IW-1:0]        eps,           // the eps leaf (HAS_EPS), read with start
    output reg                  ready,
    output reg  [OUT_W-1:0]     norm,
    output reg  [EV_W-1:0]      input_events,
    output reg  [MI_W-1:0]      merge_events,
    output reg                  output_event,
    output wire [M*IW-1:0]      leaves,        // the tree values (sorted leaves after start)
    output reg                  sorted_valid,
    output wire                 cordic_valid,
    output reg  [MI_W-1:0]      merge_index,
    output wire [KW-1:0]        iteration,
    output wire signed [CW-1:0] cordic_x,
    output wire signed [CW-1:0] cordic_y,
    output wire                 merged_valid,
    output wire [IW-1:0]        merged
);
    // ---- 1, 2: leaves -------------------------------------------------------------------------
    localparam integer LW = XW + 1 + GUARD + 1;                 // |x| << GUARD, signed
    wire [M*IW-1:0] unsorted;
    wire [D-1:0] leaf_event;
    genvar j;
    generate
        for (j = 0; j < D; j = j + 1) begin : leaf
            wire [XW-1:0] xj = x[j*XW +: XW];
            wire negative = X_SIGNED != 0 && xj[XW-1];
            wire [XW:0] magnitude = negative ? -{1'b1, xj} : {1'b0, xj};
            wire signed [LW-1:0] scaled = $signed({1'b0, magnitude, {GUARD{1'b0}}});
            fx_fit #(.IN_W(LW), .W(IW), .SIGNED(0), .OVERFLOW(I_OVERFLOW)) fit (
                .x(scaled), .word(unsorted[j*IW +: IW]), .overflow(leaf_event[j]));
        end
        if (HAS_EPS != 0) begin : eps_leaf
            assign unsorted[D*IW +: IW] = eps;
        end else begin : no_eps
            wire unused_eps = ^eps;
        end
    endgenerate

    // ---- 3: odd-even transposition sort, M rounds of compare-and-swap --------------------------
    genvar r, i;
    generate
        for (r = 0; r < M; r = r + 1) begin : round
            wire [M*IW-1:0] in_v, out_v;
            if (r == 0) begin : first
                assign in_v = unsorted;
            end else begin : next
                assign in_v = round[r-1].out_v;
            end
            for (i = 0; i < M; i = i + 1) begin : lane
                if (i % 2 == r % 2 && i + 1 < M) begin : low          // the pair (i, i + 1)
                    wire [IW-1:0] a = in_v[i*IW +: IW], b = in_v[(i+1)*IW +: IW];
                    assign out_v[i*IW +: IW] = a > b ? b : a;
                    assign out_v[(i+1)*IW +: IW] = a > b ? a : b;
                end else if (!(i % 2 != r % 2 && i > 0)) begin : alone // not in a pair
                    assign out_v[i*IW +: IW] = in_v[i*IW +: IW];
                end
            end
        end
    endgenerate
    wire [M*IW-1:0] sorted = round[M-1].out_v;

    // ---- 4: the merge tree, one merge unit ------------------------------------------------------
    localparam [1:0] IDLE = 2'd0, LOAD = 2'd1, RUN = 2'd2, FINISH = 2'd3;
    reg [1:0] state;
    reg [IW-1:0] tree [0:(1<<MI_W)-1];         // M used; the index is MI_W bits wide
    reg [MI_W-1:0] count, pair;                  // values at this level, current pair
    wire [MI_W-1:0] half = count >> 1;
    wire odd = count[0];
    wire [MI_W-1:0] next_count = half + {{(MI_W-1){1'b0}}, odd};
    wire [MI_W-1:0] left = pair << 1;
    wire [MI_W-1:0] right = left + 1'b1;
    wire merge_done, merge_overflow;
    fx_cordic_merge #(.IW(IW), .N(N), .GMW(GMW), .GAIN_M(GAIN_M), .GAIN_SHIFT(GAIN_SHIFT),
                      .I_ROUNDING(I_ROUNDING), .I_OVERFLOW(I_OVERFLOW)) merge (
        .clk(clk), .start(state == LOAD), .x0(tree[left]), .y0(tree[right]),
        .x(cordic_x), .y(cordic_y), .iteration(iteration), .done(merge_done), .merged(merged),
        .overflow(merge_overflow));
    assign cordic_valid = state == RUN;
    assign merged_valid = state == RUN && merge_done;

    // ---- 5: the root into the output format (registered in FINISH) -----------------------------------------------------
    wire [OUT_W-1:0] norm_fit;
    wire norm_event;
    wire signed [IW:0] root = {1'b0, tree[0]};
    generate
        if (OUT_DROP >= 0) begin : narrow
            wire signed [IW+1:0] rounded;
            fx_shift_round #(.IN_W(IW + 1), .K(OUT_DROP), .ROUNDING(OUT_ROUNDING)) shr (
                .x(root), .y(rounded));
            fx_fit #(.IN_W(IW + 2), .W(OUT_W), .SIGNED(OUT_SIGNED), .OVERFLOW(OUT_OVERFLOW)) fit (
                .x(rounded), .word(norm_fit), .overflow(norm_event));
        end else begin : widen
            wire signed [IW-OUT_DROP:0] widened = {{(-OUT_DROP){1'b0}}, root} <<< (-OUT_DROP);
            fx_fit #(.IN_W(IW - OUT_DROP + 1), .W(OUT_W), .SIGNED(OUT_SIGNED),
                     .OVERFLOW(OUT_OVERFLOW)) fit (
                .x(widened), .word(norm_fit), .overflow(norm_event));
        end
    endgenerate
    integer e;
    reg [EV_W-1:0] leaf_events;
    always @* begin                                      // input events of this row
        leaf_events = {EV_W{1'b0}};
        for (e = 0; e < D; e = e + 1)
            leaf_events = leaf_events + {{(EV_W-1){1'b0}}, leaf_event[e]};
    end

    integer t;
    always @(posedge clk) begin
        sorted_valid <= start;
        if (start) begin
            for (t = 0; t < M; t = t + 1)
                tree[t] <= sorted[t*IW +: IW];
            input_events <= leaf_events;
            merge_events <= {MI_W{1'b0}};
            merge_index <= {MI_W{1'b0}};
            count <= M[MI_W-1:0];
            pair <= {MI_W{1'b0}};
            ready <= 1'b0;
            state <= M > 1 ? LOAD : FINISH;
        end else case (state)
            LOAD: state <= RUN;
            RUN: if (merge_done) begin
                tree[pair] <= merged;
                merge_events <= merge_events + {{(MI_W-1){1'b0}}, merge_overflow};
                merge_index <= merge_index + 1'b1;
                if (pair + 1'b1 == half) begin               // the level is complete
                    if (odd)
                        tree[half] <= tree[count - 1'b1];
                    count <= next_count;
                    pair <= {MI_W{1'b0}};
                    state <= next_count == 1 ? FINISH : LOAD;
                end else begin
                    pair <= pair + 1'b1;
                    state <= LOAD;
                end
            end
            FINISH: begin
                norm <= norm_fit;
                output_event <= norm_event;
                ready <= 1'b1;
                state <= IDLE;
            end
            default: state <= IDLE;
        endcase
    end

    genvar v;
    generate
        for (v = 0; v < M; v = v + 1) begin : view
            assign leaves[v*IW +: IW] = tree[v];
        end
    endgenerate

endmodule
`default_nettype wire

// tb_check.vh: the golden-word check every bench of hdl/tb shares, `included inside the bench
// module. value() reads a stored word as a 64-bit number; compare() counts a word as passed or
// failed (the first 10 mismatches are printed); report() prints "N passed, N failed", the line
// fxsim rtl-check reads, and ends the run with $fatal when a word differs.
    integer passed = 0, failed = 0;

    // the low `width` bits of `word`, sign-extended to 64 bits when `signed_` is nonzero
    function signed [63:0] value(input [63:0] word, input integer width, input integer signed_);
        reg [63:0] mask;
        begin
            mask = width >= 64 ? ~64'd0 : (64'd1 << width) - 64'd1;
            value = word & mask;
            if (signed_ != 0 && width < 64 && word[width - 1])
                value = value | ~mask;
        end
    endfunction

    task compare(input [8*32-1:0] name, input integer index_, input [63:0] got, input [63:0] want);
        begin
            if (got === want) begin
                passed = passed + 1;
            end else begin
                failed = failed + 1;
                if (failed <= 10)
                    $display("MISMATCH %0s[%0d]: expected %h, got %h", name, index_, want, got);
            end
        end
    endtask

    task report(input [8*16-1:0] bench);
        begin
            $display("%0d passed, %0d failed", passed, failed);
            if (failed != 0)
                $fatal(1, "%0s: %0d word(s) differ from the golden set", bench, failed);
            $finish;
        end
    endtask

using CustomerIo.Track.Cmdlets.Import;
using Xunit;

namespace CustomerIo.Track.UnitTests
{
    public class RecordLinesTests
    {
        [Fact]
        public void Plain_rows_follow_one_line_each_after_the_header()
        {
            var lines = new RecordLines();
            for (long r = 1; r <= 1000; r++) lines.Note(r, "a.csv", r + 1);
            Assert.True(lines.TryFind(1, out string file, out long line));
            Assert.Equal(("a.csv", 2L), (file, line));
            Assert.True(lines.TryFind(1000, out file, out line));
            Assert.Equal(("a.csv", 1001L), (file, line));
        }

        [Fact]
        public void A_blank_line_or_a_quoted_line_break_moves_the_later_rows_down()
        {
            var lines = new RecordLines();
            lines.Note(1, "a.csv", 2);
            lines.Note(2, "a.csv", 3); // its quoted field spans lines 3 and 4
            lines.Note(3, "a.csv", 5);
            lines.Note(4, "a.csv", 7); // after a blank line 6
            lines.Note(5, "a.csv", 8);
            Assert.True(lines.TryFind(2, out _, out long line)); Assert.Equal(3, line);
            Assert.True(lines.TryFind(3, out _, out line)); Assert.Equal(5, line);
            Assert.True(lines.TryFind(5, out _, out line)); Assert.Equal(8, line);
        }

        [Fact]
        public void Each_file_starts_again_and_keeps_its_name()
        {
            var lines = new RecordLines();
            string a = "a.csv", b = "b.csv";
            lines.Note(1, a, 2); lines.Note(2, a, 3);
            lines.Note(3, b, 2); lines.Note(4, b, 3);
            Assert.True(lines.TryFind(2, out string file, out long line)); Assert.Equal((a, 3L), (file, line));
            Assert.True(lines.TryFind(4, out file, out line)); Assert.Equal((b, 3L), (file, line));
        }

        [Fact]
        public void A_record_before_any_file_is_not_found()
        {
            var lines = new RecordLines();
            Assert.False(lines.TryFind(1, out _, out _));
            lines.Note(5, "a.csv", 2);
            Assert.False(lines.TryFind(4, out _, out _));
        }
    }
}

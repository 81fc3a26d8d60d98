using System.Globalization;
using System.Text;
using Fountain.Lab.Engine;

namespace Fountain.Lab.Tests.Engine;

public class CsvTextTests
{
    private static string Cell(object value)
    {
        var sb = new StringBuilder();
        CsvText.Append(sb, value);
        return sb.ToString();
    }

    [Fact]
    public void Doubles_print_as_the_shortest_round_trip_text_whatever_the_path()
    {
        var random = LabRandom.For(1, 0, 0, 1);
        var values = new List<double> { 0.0, -0.0, 1, -1, 182, 1e14, 999_999_999_999_999, 1e15, -1e15, 1e300, 5e-324, double.MaxValue, 0.1, 2.5 };
        for (int i = 0; i < 20_000; i++)
        {
            double x = (random.NextDouble() - 0.5) * Math.Pow(10, random.NextInt(40) - 10);
            values.Add(x);
            values.Add(Math.Round(x));
        }
        foreach (double v in values)
        {
            string cell = Cell(v);
            Assert.Equal(v.ToString("R", CultureInfo.InvariantCulture), cell);
            Assert.Equal(v, double.Parse(cell, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Text_cells_are_quoted_only_when_they_must_be()
    {
        Assert.Equal("plain", Cell("plain"));
        Assert.Equal("\"a,b\"", Cell("a,b"));
        Assert.Equal("\"say \"\"hi\"\"\"", Cell("say \"hi\""));
        Assert.Equal("\"two\nlines\"", Cell("two\nlines"));
        Assert.Equal("true", Cell(true));
        Assert.Equal("-12", Cell(-12L));
    }
}

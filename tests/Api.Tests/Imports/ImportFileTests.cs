using Links;

namespace Api.Tests.Imports;

public sealed class ImportFileTests
{
    [Fact]
    public void Rows_are_numbered_from_one_and_an_empty_code_means_generate_one()
    {
        Assert.True(ImportFile.TryRead("url,code\nhttps://a.example/,abc\n\"https://b.example/?x=1,2\",\nhttps://c.example/,\"q\"\"x\"\n", out var rows, out var error), error);

        Assert.Equal(
            [new ImportFile.Row(1, "https://a.example/", "abc"), new ImportFile.Row(2, "https://b.example/?x=1,2", null), new ImportFile.Row(3, "https://c.example/", "q\"x")],
            rows);
    }

    [Fact]
    public void A_url_only_header_is_accepted_and_codes_are_ignored()
    {
        Assert.True(ImportFile.TryRead("URL\r\nhttps://a.example/\r\n", out var rows, out _));

        Assert.Equal([new ImportFile.Row(1, "https://a.example/", null)], rows);
    }

    [Theory]
    [InlineData("")]
    [InlineData("link,code\nhttps://a.example/,x\n")]
    [InlineData("url,code,extra\nhttps://a.example/,x,y\n")]
    [InlineData("url,code\n")]
    public void A_wrong_envelope_is_refused_with_a_message(string text)
    {
        Assert.False(ImportFile.TryRead(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void More_than_the_maximum_rows_is_refused()
    {
        var text = "url\n" + string.Concat(Enumerable.Range(0, ImportFile.MaximumRows + 1).Select(i => $"https://a.example/{i}\n"));

        Assert.False(ImportFile.TryRead(text, out _, out var error));
        Assert.Contains("10000", error);
        Assert.True(ImportFile.TryRead("url\n" + string.Concat(Enumerable.Range(0, ImportFile.MaximumRows).Select(i => $"https://a.example/{i}\n")), out var rows, out _));
        Assert.Equal(ImportFile.MaximumRows, rows.Count);
    }
}

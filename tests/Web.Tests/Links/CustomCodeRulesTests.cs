using Links;
using Web.Links;

namespace Web.Tests.Links;

// The Web tells the custom-code rules before the form is sent: they must be the Api's own.
public sealed class CustomCodeRulesTests
{
    [Fact]
    public void The_hint_names_every_reserved_word_a_code_could_otherwise_be_and_no_other()
    {
        var couldBeCodes = ReservedCodes.All.Where(ShortCode.CouldExist).Select(word => word.ToLowerInvariant()).Order(StringComparer.Ordinal);

        Assert.Equal(couldBeCodes, CustomCodeRules.ReservedWords.Order(StringComparer.Ordinal));
        Assert.All(CustomCodeRules.ReservedWords, word => Assert.Contains(word, CustomCodeRules.Hint, StringComparison.Ordinal));
    }

    [Fact]
    public void The_hint_gives_the_lengths_and_characters_the_api_accepts()
    {
        Assert.Equal("^[A-Za-z0-9_-]{3,64}$", ShortCode.Pattern);
        Assert.Contains("3 to 64 characters: the letters A-Z and a-z, the digits 0-9, '-' and '_'", CustomCodeRules.Hint, StringComparison.Ordinal);
    }
}

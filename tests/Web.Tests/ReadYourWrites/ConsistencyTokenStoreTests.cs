using Web.ReadYourWrites;

namespace Web.Tests.ReadYourWrites;

public sealed class ConsistencyTokenStoreTests
{
    [Theory]
    [InlineData("0/3A1F2C8")]
    [InlineData("0/0")]
    [InlineData("16/B374D848")]
    [InlineData("ffffffff/ffffffff")]
    [InlineData("FFFFFFFF/FFFFFFFF")]
    public void A_wal_position_is_a_well_formed_token(string token)
    {
        Assert.True(ConsistencyTokenStore.IsWellFormed(token));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("3A1F2C8")]
    [InlineData("0/")]
    [InlineData("/3A1F2C8")]
    [InlineData("0//3A1F2C8")]
    [InlineData("0/3A1F2C8/1")]
    [InlineData("123456789/0")]
    [InlineData("0/123456789")]
    [InlineData("0/3G")]
    [InlineData("-1/3A")]
    [InlineData(" 0/3A")]
    [InlineData("0/3A ")]
    [InlineData("0x0/0x3A")]
    public void Anything_else_is_not_a_token(string? token)
    {
        Assert.False(ConsistencyTokenStore.IsWellFormed(token));
    }

    [Fact]
    public void A_token_followed_by_a_newline_is_not_a_token()
    {
        Assert.False(ConsistencyTokenStore.IsWellFormed("0/3A1F2C8\n"));
    }
}

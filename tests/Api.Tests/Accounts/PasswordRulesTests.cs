using System.Buffers.Binary;
using Api.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Api.Tests.Accounts;

// The password rules and the hash's cost: at least 12 characters, PBKDF2 with OWASP's iteration count, and an older,
// cheaper hash reported for rehashing (sign-in then stores it again).
public sealed class PasswordRulesTests
{
    private static readonly Account Someone = new(Guid.NewGuid(), "someone@example.com", "");

    [Theory]
    [InlineData("elevenchars", false)]
    [InlineData("twelve chars", true)]
    [InlineData("aaaaaaaaaaaaaaab", false)]
    [InlineData("someone@example.com", false)]
    [InlineData("twelve\tchars!", false)]
    public void A_password_needs_12_characters_more_than_three_different_ones_and_no_control_characters(string password, bool accepted) =>
        Assert.Equal(accepted, !AccountRules.ValidateRegistration(Someone.Email, password).ContainsKey("password"));

    [Fact]
    public void New_hashes_use_210000_iterations_of_PBKDF2_HMAC_SHA512()
    {
        var hash = Convert.FromBase64String(AccountsFeature.PasswordHasher().HashPassword(Someone, "twelve chars"));

        Assert.Equal(0x01, hash[0]); // Identity's V3 format
        Assert.Equal((uint)KeyDerivationPrf.HMACSHA512, BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(1)));
        Assert.Equal(210_000u, BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5)));
    }

    [Fact]
    public void A_hash_with_fewer_iterations_verifies_and_asks_to_be_rehashed()
    {
        var older = new PasswordHasher<Account>(Options.Create(new PasswordHasherOptions { IterationCount = 100_000 })).HashPassword(Someone, "twelve chars");

        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, AccountsFeature.PasswordHasher().VerifyHashedPassword(Someone, older, "twelve chars"));
        Assert.Equal(PasswordVerificationResult.Failed, AccountsFeature.PasswordHasher().VerifyHashedPassword(Someone, older, "twelve chars!"));
    }

    // The PRF ids of Identity's V3 format (Microsoft.AspNetCore.Cryptography.KeyDerivation.KeyDerivationPrf).
    private enum KeyDerivationPrf : uint
    {
        HMACSHA512 = 2,
    }
}

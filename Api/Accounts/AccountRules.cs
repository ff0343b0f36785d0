using System.Net.Mail;

namespace Api.Accounts;

public static class AccountRules
{
    public const int MinimumPasswordLength = 12;
    public const int MaximumPasswordLength = 128; // hashing cost grows with length; this bounds it
    public const int MaximumEmailLength = 254;

    // Field -> messages, empty when the registration is acceptable.
    public static Dictionary<string, string[]> ValidateRegistration(string? email, string? password)
    {
        var errors = new Dictionary<string, string[]>();
        if (EmailProblem(email) is { } emailProblem)
        {
            errors["email"] = [emailProblem];
        }
        if (PasswordProblem(password, email) is { } passwordProblem)
        {
            errors["password"] = [passwordProblem];
        }
        return errors;
    }

    public static string NormalizeEmail(string email) => email.ToLowerInvariant();

    private static string? EmailProblem(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return "Enter an email address.";
        }
        if (email.Length > MaximumEmailLength)
        {
            return $"An email address has at most {MaximumEmailLength} characters.";
        }
        if (email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return "An email address has no spaces or control characters.";
        }
        if (!MailAddress.TryCreate(email, out var address) || address.Address != email || address.DisplayName.Length > 0)
        {
            return "Enter an email address like name@example.com.";
        }
        return null;
    }

    private static string? PasswordProblem(string? password, string? email)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinimumPasswordLength)
        {
            return $"Use at least {MinimumPasswordLength} characters.";
        }
        if (password.Length > MaximumPasswordLength)
        {
            return $"Use at most {MaximumPasswordLength} characters.";
        }
        if (password.Any(char.IsControl))
        {
            return "A password has no control characters (such as a tab, a line break or NUL).";
        }
        if (email is not null && string.Equals(password, email, StringComparison.OrdinalIgnoreCase))
        {
            return "The password may not be your email address.";
        }
        if (password.Distinct().Count() < 4)
        {
            return "Use a password with more than three different characters.";
        }
        return null;
    }
}

namespace Web.Accounts;

public sealed class CredentialsForm
{
    public string? Email { get; set; }

    public string? Password { get; set; }
}

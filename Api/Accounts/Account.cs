namespace Api.Accounts;

public sealed record Account(Guid Id, string Email, string PasswordHash);

namespace Api.Accounts;

public sealed record RegisterRequest(string? Email, string? Password);

public sealed record RegisteredAccount(Guid Id, string Email);

public sealed record TokenRequest(string? Email, string? Password);

public sealed record IssuedToken(string AccessToken, int ExpiresIn);

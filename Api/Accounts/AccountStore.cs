using Npgsql;
using ReadRouting;

namespace Api.Accounts;

public sealed class AccountStore(LinksDatabase database)
{
    // False when an account with this (normalised) email exists.
    public async Task<bool> CreateAsync(Account account, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForWriteAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO accounts (id, email, email_normalized, password_hash)
            VALUES (@id, @email, @normalized, @hash)
            ON CONFLICT (email_normalized) DO NOTHING
            """, connection);
        command.Parameters.AddWithValue("id", account.Id);
        command.Parameters.AddWithValue("email", account.Email);
        command.Parameters.AddWithValue("normalized", AccountRules.NormalizeEmail(account.Email));
        command.Parameters.AddWithValue("hash", account.PasswordHash);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    // Sign-in reads the primary: an account registered a moment ago must be able to sign in.
    public async Task<Account?> FindByEmailAsync(string email, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForWriteAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT id, email, password_hash FROM accounts WHERE email_normalized = @normalized", connection);
        command.Parameters.AddWithValue("normalized", AccountRules.NormalizeEmail(email));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Account(reader.GetGuid(0), reader.GetString(1), reader.GetString(2))
            : null;
    }

    public async Task UpdatePasswordHashAsync(Guid accountId, string passwordHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForWriteAsync(cancellationToken);
        await using var command = new NpgsqlCommand("UPDATE accounts SET password_hash = @hash WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", accountId);
        command.Parameters.AddWithValue("hash", passwordHash);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

using Npgsql;
using ReadRouting;

namespace Links;

// The one place that reads and writes the links table, for the Api and the Worker's imports. Every
// change bumps the row's version and, in the same transaction, queues a redirect-cache refresh for its
// code; once committed, the change goes to every ILinkChangeHandler (the Api's redirect cache applies
// it at once; a refresh nobody applied stays queued for the Api's retry loop). Changes go to the
// primary and return the consistency token of their commit; reads go where LinksDatabase routes them.
public sealed class LinkStore(LinksDatabase database, IEnumerable<ILinkChangeHandler> changeHandlers)
{
    public const int GeneratedCodeAttempts = 5;

    // Null when the code is taken (by a live or a deleted link): the chosen one, or every generated one tried.
    public async Task<(Link Link, LinkChange Change)?> CreateAsync(Guid ownerId, NewLink newLink, CancellationToken cancellationToken)
    {
        var created = await CreateCommittedAsync(ownerId, newLink, cancellationToken);
        await NotifyAsync(created?.Change, cancellationToken);
        return created;
    }

    // One round trip and one commit: the insert (link and queued cache refresh) is one statement that
    // commits on its own, and the commit's position is read right behind it in the same batch.
    private async Task<(Link Link, LinkChange Change)?> CreateCommittedAsync(Guid ownerId, NewLink newLink, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForWriteAsync(cancellationToken);
        for (var attempt = 0; attempt < CodeAttempts(newLink); attempt++)
        {
            // Error barriers: a Sync after each statement, so the insert has committed when the position is read.
            await using var batch = new NpgsqlBatch(connection)
            {
                EnableErrorBarriers = true,
                BatchCommands = { InsertStatement(newLink.Code ?? ShortCode.Generate(), ownerId, newLink), new NpgsqlBatchCommand(LinksDatabase.CurrentPositionSql) },
            };
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                continue; // the code is taken
            }
            var (link, cacheRefreshId) = (LinkRows.ReadLink(reader), reader.GetInt64(LinkRows.Count));
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var position = new ConsistencyToken(reader.GetFieldValue<NpgsqlTypes.NpgsqlLogSequenceNumber>(0));
            return (link, new LinkChange(link.Code, link.Version, link.TargetUrl, cacheRefreshId, position, Rules: link.Fields.Rules));
        }
        return null;
    }

    // Inserts an import's chunk of links inside the caller's transaction (the caller commits), all in one round
    // trip (a batch of one statement per link, run in order, so a code asked for twice goes to the first); the
    // links whose generated code was taken are drawn again, together. Per link: null when its code is taken, as
    // for CreateAsync.
    public async Task<(Link Link, long CacheRefreshId)?[]> InsertManyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid ownerId, IReadOnlyList<NewLink> newLinks, CancellationToken cancellationToken)
    {
        var inserted = new (Link Link, long CacheRefreshId)?[newLinks.Count];
        var pending = Enumerable.Range(0, newLinks.Count).ToList();
        for (var attempt = 0; attempt < GeneratedCodeAttempts && pending.Count > 0; attempt++)
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var i in pending)
            {
                batch.BatchCommands.Add(InsertStatement(newLinks[i].Code ?? ShortCode.Generate(), ownerId, newLinks[i]));
            }
            var drawAgain = new List<int>();
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
            {
                foreach (var i in pending)
                {
                    if (await reader.ReadAsync(cancellationToken))
                    {
                        inserted[i] = (LinkRows.ReadLink(reader), reader.GetInt64(LinkRows.Count));
                    }
                    else if (newLinks[i].Code is null)
                    {
                        drawAgain.Add(i);
                    }
                    await reader.NextResultAsync(cancellationToken);
                }
            }
            pending = drawAgain;
        }
        return inserted;
    }

    private static int CodeAttempts(NewLink newLink) => newLink.Code is null ? GeneratedCodeAttempts : 1;

    // One statement for the link and its queued cache refresh (an import inserts thousands); no row when the code is taken.
    private static NpgsqlBatchCommand InsertStatement(string code, Guid ownerId, NewLink newLink)
    {
        var (fields, rules) = (newLink.Fields, newLink.Fields.Rules);
        return new($"""
            WITH created AS (
                INSERT INTO links AS l (code, owner_id, target_url, title, tags, valid_since, valid_until, max_visits, forward_query)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                ON CONFLICT (code) DO NOTHING
                RETURNING {LinkRows.ReturnedColumns}
            ), refresh AS (
                INSERT INTO redirect_cache_refreshes (code) SELECT code FROM created RETURNING id
            )
            SELECT created.*, refresh.id FROM created, refresh
            """)
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = code }, new NpgsqlParameter<Guid> { TypedValue = ownerId }, new NpgsqlParameter<string> { TypedValue = newLink.Target },
                LinkRows.Text("", fields.Title), LinkRows.Tags("", fields.Tags), LinkRows.Instant("", rules.ValidSince), LinkRows.Instant("", rules.ValidUntil),
                LinkRows.Number("", rules.MaxVisits), LinkRows.Flag("", rules.ForwardQuery),
            },
        };
    }

    public Task<RoutedRead<Link?>> FindOwnedAsync(string code, Guid ownerId, ConsistencyToken? token, CancellationToken cancellationToken) =>
        database.ReadAsync(token, async (connection, cancellation) =>
        {
            await using var select = new NpgsqlCommand(
                $"SELECT {LinkRows.ReadColumns} FROM {LinkRows.LinksWithClicks} WHERE l.code = @code AND l.owner_id = @owner AND l.deleted_at IS NULL", connection);
            select.Parameters.AddWithValue("code", code);
            select.Parameters.AddWithValue("owner", ownerId);
            return await ReadSingleAsync(select, cancellation);
        }, cancellationToken);

    // The codes of the newest live links of every account, newest first (the dashboard's redirect burst).
    public async Task<IReadOnlyList<string>> NewestCodesAsync(int count, CancellationToken cancellationToken) =>
        (await database.ReadAsync(null, async (connection, cancellation) =>
        {
            // Only links that redirect now: a burst measures the redirect path, and a disabled link's 410 or a visit-limited
            // link's count would read as failures.
            await using var select = new NpgsqlCommand(
                """
                SELECT code FROM links
                WHERE deleted_at IS NULL AND disabled_at IS NULL AND max_visits IS NULL
                  AND (valid_since IS NULL OR valid_since <= now()) AND (valid_until IS NULL OR valid_until > now())
                ORDER BY created_at DESC LIMIT @count
                """, connection);
            select.Parameters.AddWithValue("count", count);
            var codes = new List<string>(count);
            await using var reader = await select.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                codes.Add(reader.GetString(0));
            }
            return codes;
        }, cancellationToken)).Value;

    // Null when the caller owns no live link with this code.
    public async Task<(Link Link, LinkChange Change)?> UpdateTargetAsync(string code, Guid ownerId, string targetUrl, CancellationToken cancellationToken) =>
        await UpdateAsync(code, ownerId, new LinkEdit(Target: targetUrl), cancellationToken) is { Link: { } link, Change: { } change } ? (link, change) : null;

    public async Task<LinkEdited> UpdateAsync(string code, Guid ownerId, LinkEdit edit, CancellationToken cancellationToken)
    {
        var edited = await UpdateCommittedAsync(code, ownerId, edit, cancellationToken);
        await NotifyAsync(edited.Change, cancellationToken);
        return edited;
    }

    private async Task<LinkEdited> UpdateCommittedAsync(string code, Guid ownerId, LinkEdit edit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var update = new NpgsqlCommand(
            $"""
            UPDATE links AS l SET target_url = coalesce(@target, l.target_url),
                title = CASE WHEN @setTitle THEN @title ELSE l.title END,
                tags = CASE WHEN @setTags THEN @tags ELSE l.tags END,
                valid_since = CASE WHEN @setValidSince THEN @validSince ELSE l.valid_since END,
                valid_until = CASE WHEN @setValidUntil THEN @validUntil ELSE l.valid_until END,
                max_visits = CASE WHEN @setMaxVisits THEN @maxVisits ELSE l.max_visits END,
                forward_query = coalesce(@forwardQuery, l.forward_query),
                updated_at = now(), version = l.version + 1
            WHERE l.code = @code AND l.owner_id = @owner AND l.deleted_at IS NULL
            RETURNING {LinkRows.ReturnedColumns}
            """, connection, transaction);
        update.Parameters.AddWithValue("code", code);
        update.Parameters.AddWithValue("owner", ownerId);
        update.Parameters.Add(LinkRows.Text("target", edit.Target));
        update.Parameters.AddWithValue("setTitle", edit.Title is not null);
        update.Parameters.Add(LinkRows.Text("title", edit.Title?.Value));
        update.Parameters.AddWithValue("setTags", edit.Tags is not null);
        update.Parameters.Add(LinkRows.Tags("tags", edit.Tags?.Value ?? []));
        update.Parameters.AddWithValue("setValidSince", edit.ValidSince is not null);
        update.Parameters.Add(LinkRows.Instant("validSince", edit.ValidSince?.Value));
        update.Parameters.AddWithValue("setValidUntil", edit.ValidUntil is not null);
        update.Parameters.Add(LinkRows.Instant("validUntil", edit.ValidUntil?.Value));
        update.Parameters.AddWithValue("setMaxVisits", edit.MaxVisits is not null);
        update.Parameters.Add(LinkRows.Number("maxVisits", edit.MaxVisits?.Value));
        update.Parameters.Add(LinkRows.Flag("forwardQuery", edit.ForwardQuery));
        Link? link;
        try
        {
            link = await ReadSingleAsync(update, cancellationToken);
        }
        catch (PostgresException exception) when (exception is { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: "links_valid_window" })
        {
            return new LinkEdited(null, null, WindowRefused: true);
        }
        if (link is null)
        {
            return new LinkEdited(null, null);
        }
        var refreshId = await QueueCacheRefreshAsync(connection, transaction, code, cancellationToken);
        var change = await CommitAsync(connection, transaction, code, link.Version, link.Disabled ? null : link.TargetUrl, refreshId, cancellationToken, link.Disabled, link.Fields.Rules);
        return new LinkEdited(link, change);
    }

    // Null when the caller owns no live link with this code. The row stays, so the code is never reused.
    public async Task<LinkChange?> DeleteAsync(string code, Guid ownerId, CancellationToken cancellationToken)
    {
        var deleted = await DeleteCommittedAsync(code, ownerId, cancellationToken);
        await NotifyAsync(deleted, cancellationToken);
        return deleted;
    }

    private async Task<LinkChange?> DeleteCommittedAsync(string code, Guid ownerId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var delete = new NpgsqlCommand(
            """
            UPDATE links SET deleted_at = now(), updated_at = now(), version = version + 1
            WHERE code = @code AND owner_id = @owner AND deleted_at IS NULL
            RETURNING version
            """, connection, transaction);
        delete.Parameters.AddWithValue("code", code);
        delete.Parameters.AddWithValue("owner", ownerId);
        if (await delete.ExecuteScalarAsync(cancellationToken) is not long version)
        {
            return null;
        }
        var refreshId = await QueueCacheRefreshAsync(connection, transaction, code, cancellationToken);
        return await CommitAsync(connection, transaction, code, version, target: null, refreshId, cancellationToken);
    }

    // An operator's switch against abuse, for any owner's live link: disabled (a reason given) its
    // redirect answers 410 Gone; enabled (reason null) it redirects again. Null when no live link has
    // the code; a link already in the asked state is changed again (a new version), which is harmless.
    public async Task<LinkChange?> SetDisabledAsync(string code, string? reason, CancellationToken cancellationToken)
    {
        var changed = await SetDisabledCommittedAsync(code, reason, cancellationToken);
        await NotifyAsync(changed, cancellationToken);
        return changed;
    }

    private async Task<LinkChange?> SetDisabledCommittedAsync(string code, string? reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var update = new NpgsqlCommand(
            """
            UPDATE links SET disabled_at = CASE WHEN @reason::text IS NULL THEN NULL ELSE now() END, disabled_reason = @reason, version = version + 1
            WHERE code = @code AND deleted_at IS NULL
            RETURNING version, target_url, valid_since, valid_until, max_visits, forward_query
            """, connection, transaction);
        update.Parameters.AddWithValue("code", code);
        update.Parameters.Add(new NpgsqlParameter<string?>("reason", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = reason });
        long version;
        string target;
        RedirectRules rules;
        await using (var reader = await update.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            (version, target, rules) = (reader.GetInt64(0), reader.GetString(1), LinkRows.ReadRules(reader, 2));
        }
        var refreshId = await QueueCacheRefreshAsync(connection, transaction, code, cancellationToken);
        var disabled = reason is not null;
        return await CommitAsync(connection, transaction, code, version, disabled ? null : target, refreshId, cancellationToken, disabled, rules);
    }

    // Every change ends here: commit, and read its consistency token.
    private static async Task<LinkChange> CommitAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string code, long version, string? target, long cacheRefreshId, CancellationToken cancellationToken,
        bool disabled = false, RedirectRules? rules = null)
    {
        await transaction.CommitAsync(cancellationToken);
        var position = await LinksDatabase.PositionAfterCommitAsync(connection, cancellationToken);
        return new LinkChange(code, version, target, cacheRefreshId, position, disabled, rules);
    }

    // Only once the change's connection is back in the pool: a handler that opens its own (the redirect
    // cache drops the applied refresh) would otherwise hold two per request, and a burst of writes
    // would drain the pool twice as fast.
    private async Task NotifyAsync(LinkChange? change, CancellationToken cancellationToken)
    {
        if (change is null)
        {
            return;
        }
        foreach (var handler in changeHandlers)
        {
            await handler.OnCommittedAsync(change, cancellationToken);
        }
    }

    private static async Task<long> QueueCacheRefreshAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string code, CancellationToken cancellationToken)
    {
        await using var queue = new NpgsqlCommand(
            "INSERT INTO redirect_cache_refreshes (code) VALUES (@code) RETURNING id", connection, transaction);
        queue.Parameters.AddWithValue("code", code);
        return (long)(await queue.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<Link?> ReadSingleAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? LinkRows.ReadLink(reader) : null;
    }
}

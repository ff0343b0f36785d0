using System.Text;
using Npgsql;
using ReadRouting;

namespace Links;

// An owner's links a page at a time, in one of three orders with a keyset for each (LinkCursor), optionally
// only those with a tag or matching a search; and the owner's tags with their links and clicks. Reads go
// where LinksDatabase routes them. A page by clicks is a snapshot of totals that keep moving: a link
// clicked between two pages may move across the cursor and be listed twice or not at all.
public sealed class LinkListing(LinksDatabase database)
{
    public sealed record Query(int Limit, LinkOrder Order, LinkCursor? After, string? Search, string? Tag);

    public sealed record TagUse(string Tag, long Links, long Clicks);

    // One more row than asked for tells whether another page follows.
    public Task<RoutedRead<(IReadOnlyList<Link> Links, LinkCursor? Next)>> ListOwnedAsync(
        Guid ownerId, Query query, ConsistencyToken? token, CancellationToken cancellationToken) =>
        database.ReadAsync(token, (connection, cancellation) => ListOwnedAsync(connection, ownerId, query, cancellation), cancellationToken);

    private static async Task<(IReadOnlyList<Link> Links, LinkCursor? Next)> ListOwnedAsync(
        NpgsqlConnection connection, Guid ownerId, Query query, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT {LinkRows.ReadColumns} FROM {LinkRows.LinksWithClicks} WHERE l.owner_id = @owner AND l.deleted_at IS NULL");
        await using var select = new NpgsqlCommand { Connection = connection };
        select.Parameters.AddWithValue("owner", ownerId);
        var (key, direction) = query.Order switch
        {
            LinkOrder.Oldest => ("l.created_at", ">"),
            LinkOrder.MostClicked => ("coalesce(t.clicks, 0)", "<"),
            _ => ("l.created_at", "<"),
        };
        if (query.After is { } after)
        {
            sql.Append($" AND ({key}, l.code) {direction} (@afterKey, @afterCode)");
            select.Parameters.AddWithValue("afterKey", query.Order == LinkOrder.MostClicked ? after.Key : after.CreatedAt);
            select.Parameters.AddWithValue("afterCode", after.Code);
        }
        if (!string.IsNullOrEmpty(query.Search))
        {
            // position() rather than LIKE: the search text is matched literally, % and _ included.
            sql.Append(" AND (position(lower(@search) IN lower(l.target_url)) > 0 OR position(lower(@search) IN lower(l.code)) > 0"
                + " OR position(lower(@search) IN lower(coalesce(l.title, ''))) > 0)");
            select.Parameters.AddWithValue("search", query.Search);
        }
        if (query.Tag is not null)
        {
            sql.Append(" AND l.tags @> ARRAY[@tag]::text[]");
            select.Parameters.AddWithValue("tag", query.Tag);
        }
        var descending = direction == "<" ? "DESC" : "ASC";
        sql.Append($" ORDER BY {key} {descending}, l.code {descending} LIMIT @limit");
        select.Parameters.AddWithValue("limit", query.Limit + 1);
        select.CommandText = sql.ToString();

        var links = new List<Link>();
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                links.Add(LinkRows.ReadLink(reader));
            }
        }
        if (links.Count <= query.Limit)
        {
            return (links, null);
        }
        links.RemoveAt(query.Limit);
        return (links, LinkCursor.After(links[^1], query.Order));
    }

    // Every tag on the owner's live links, most used first.
    public Task<RoutedRead<IReadOnlyList<TagUse>>> TagsAsync(Guid ownerId, ConsistencyToken? token, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<TagUse>>(token, async (connection, cancellation) =>
        {
            await using var select = new NpgsqlCommand(
                $"""
                SELECT tag, count(*), coalesce(sum(t.clicks), 0)::bigint
                FROM {LinkRows.LinksWithClicks} CROSS JOIN LATERAL unnest(l.tags) AS tag
                WHERE l.owner_id = @owner AND l.deleted_at IS NULL
                GROUP BY tag ORDER BY count(*) DESC, tag
                """, connection);
            select.Parameters.AddWithValue("owner", ownerId);
            var tags = new List<TagUse>();
            await using var reader = await select.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                tags.Add(new TagUse(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
            return tags;
        }, cancellationToken);
}

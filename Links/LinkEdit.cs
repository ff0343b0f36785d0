namespace Links;

// A PATCH of a link, checked: each field null is left as it is; a field given holds its new value (which
// may be null: cleared). Only the target and forwardQuery cannot be cleared.
public sealed record LinkEdit(
    string? Target = null,
    LinkEdit.Set<string?>? Title = null,
    LinkEdit.Set<IReadOnlyList<string>>? Tags = null,
    LinkEdit.Set<DateTimeOffset?>? ValidSince = null,
    LinkEdit.Set<DateTimeOffset?>? ValidUntil = null,
    LinkEdit.Set<long?>? MaxVisits = null,
    bool? ForwardQuery = null)
{
    public readonly record struct Set<T>(T Value);
}

// What a PATCH did: the link and its change, or nothing when the caller owns no live link with the code,
// or WindowRefused when the result would have validSince at or after validUntil (nothing changed then).
public sealed record LinkEdited(Link? Link, LinkChange? Change, bool WindowRefused = false);

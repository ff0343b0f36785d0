using System.Text.Json;
using Links;

namespace Api.Links;

// Reads a PATCH body field by field, so a field left out (unchanged) is told from one sent as null
// (cleared), and a value of the wrong JSON type gets a message on its field like any other mistake.
public static class LinkPatch
{
    public const string BodyField = "body";

    public static LinkEdit? TryRead(JsonElement body, ShortLinkOptions shortLinks, Dictionary<string, string[]> errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors[BodyField] = ["The body is a JSON object with any of url, title, tags, validSince, validUntil, maxVisits, forwardQuery."];
            return null;
        }
        var fields = body.EnumerateObject().GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.OrdinalIgnoreCase);
        if (fields.Count == 0)
        {
            errors[BodyField] = ["Send at least one of url, title, tags, validSince, validUntil, maxVisits, forwardQuery."];
            return null;
        }
        void Refuse(string field, string message) => errors[field] = [message];
        JsonElement? Field(string name) => fields.TryGetValue(name, out var value) ? value : null;

        string? target = null;
        if (Field(NewLink.UrlField) is { } url)
        {
            if (url.ValueKind != JsonValueKind.String)
            {
                Refuse(NewLink.UrlField, "Enter a URL (url cannot be cleared).");
            }
            else if (!TargetUrl.TryNormalize(url.GetString(), shortLinks.BaseUri, out target, out var urlError, shortLinks.BlockedHosts))
            {
                Refuse(NewLink.UrlField, urlError);
            }
        }

        LinkEdit.Set<string?>? title = null;
        if (Field(LinkFields.TitleField) is { } titleValue)
        {
            if (titleValue.ValueKind is JsonValueKind.String or JsonValueKind.Null && LinkFields.TryTitle(titleValue.GetString(), out var checkedTitle, out var error))
            {
                title = new(checkedTitle);
            }
            else
            {
                Refuse(LinkFields.TitleField, LinkFields.TitleError);
            }
        }

        LinkEdit.Set<IReadOnlyList<string>>? tags = null;
        if (Field(LinkFields.TagsField) is { } tagsValue)
        {
            var given = tagsValue.ValueKind switch
            {
                JsonValueKind.Null => [],
                JsonValueKind.Array when tagsValue.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String) => tagsValue.EnumerateArray().Select(t => t.GetString()).ToList(),
                _ => null,
            };
            if (LinkFields.TryTags(given, out var checkedTags, out var error) && given is not null)
            {
                tags = new(checkedTags);
            }
            else
            {
                Refuse(LinkFields.TagsField, error);
            }
        }

        var validSince = Instant(Field(LinkFields.ValidSinceField), LinkFields.ValidSinceField, Refuse);
        var validUntil = Instant(Field(LinkFields.ValidUntilField), LinkFields.ValidUntilField, Refuse);
        if (validSince?.Value is { } since && validUntil?.Value is { } until && until <= since)
        {
            Refuse(LinkFields.ValidUntilField, LinkFields.WindowError);
        }

        LinkEdit.Set<long?>? maxVisits = null;
        if (Field(LinkFields.MaxVisitsField) is { } maxValue)
        {
            long? given = maxValue.ValueKind == JsonValueKind.Null ? null : maxValue.ValueKind == JsonValueKind.Number && maxValue.TryGetInt64(out var number) ? number : 0;
            if (LinkFields.TryMaxVisits(given, out var error))
            {
                maxVisits = new(given);
            }
            else
            {
                Refuse(LinkFields.MaxVisitsField, error);
            }
        }

        bool? forwardQuery = null;
        if (Field(LinkFields.ForwardQueryField) is { } forwardValue)
        {
            if (forwardValue.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                forwardQuery = forwardValue.GetBoolean();
            }
            else
            {
                Refuse(LinkFields.ForwardQueryField, "forwardQuery is true or false.");
            }
        }

        return errors.Count > 0 ? null : new LinkEdit(target, title, tags, validSince, validUntil, maxVisits, forwardQuery);
    }

    private static LinkEdit.Set<DateTimeOffset?>? Instant(JsonElement? value, string field, Action<string, string> refuse)
    {
        if (value is not { } given)
        {
            return null;
        }
        if (given.ValueKind is JsonValueKind.String or JsonValueKind.Null && LinkFields.TryInstant(given.GetString(), field, out var instant, out var error))
        {
            return new(instant);
        }
        refuse(field, LinkFields.InstantError(field));
        return null;
    }
}

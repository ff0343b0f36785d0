namespace Links;

// The orders an owner's list comes in (GET /api/links?order=), each with its keyset (LinkCursor).
public enum LinkOrder
{
    Newest,
    Oldest,
    MostClicked,
}

public static class LinkOrders
{
    public const string Field = "order";

    public static bool TryParse(string? text, out LinkOrder order)
    {
        order = text switch
        {
            null or "newest" => LinkOrder.Newest,
            "oldest" => LinkOrder.Oldest,
            "most-clicked" => LinkOrder.MostClicked,
            _ => (LinkOrder)(-1),
        };
        return Enum.IsDefined(order);
    }

    public static string Name(LinkOrder order) => order switch
    {
        LinkOrder.Oldest => "oldest",
        LinkOrder.MostClicked => "most-clicked",
        _ => "newest",
    };
}

namespace Messaging.Imports;

// Where "import requested" messages go; the Api publishes, the Worker consumes.
public static class ImportTopology
{
    public static readonly QuorumQueueTopology Definition = new(Exchange: "imports", RoutingKey: "import", Queue: "imports", DeliveryLimit: 5);
}

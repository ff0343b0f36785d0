namespace Api.Operators;

// Operator:Key, the secret that the operator's requests carry in X-Operator-Key (the AppHost's
// "operatorkey" parameter; the dashboard's link commands send it). Without it every operator request is refused.
public sealed class OperatorOptions
{
    public const string SectionName = "Operator";
    public const string KeyHeader = "X-Operator-Key";

    public string Key { get; set; } = "";
}

namespace Messaging.Clicks;

public static class UserAgentClasses
{
    public const string Browser = "browser";
    public const string Bot = "bot";
    public const string Unknown = "unknown";
}

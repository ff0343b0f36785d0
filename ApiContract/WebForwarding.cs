namespace ApiContract;

// Sign-in and sign-up reach the Api from the Web's server, so the Api would count every browser as the Web. The Web
// sends the browser's address beside a key that only it and the Api hold (configuration "WebForwarding:Key", the
// AppHost's secret parameter webforwardingkey); the Api takes the address only with that key.
public static class WebForwarding
{
    public const string SectionName = "WebForwarding";

    public const string KeyName = "Key";

    public const string ClientAddressHeader = "X-Web-Client-Address";

    public const string KeyHeader = "X-Web-Forwarding-Key";
}

using Api.Clicks;
using Messaging.Clicks;

namespace Api.Tests.Clicks;

// A click's user-agent class: a bot marker anywhere in the agent, in any case, makes it a bot.
public sealed class UserAgentClassTests
{
    [Theory]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36")]
    [InlineData("curl/8.5.0")]
    [InlineData("python-requests/2.31")]
    [InlineData("Java/17.0.2")]
    [InlineData("Go-http-client/1.1")]
    [InlineData("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)")]
    [InlineData("WhatsApp/2.23 link PREVIEW")]
    public void An_agent_with_a_bot_marker_in_any_case_is_a_bot(string userAgent) =>
        Assert.Equal(UserAgentClasses.Bot, ClickEventFactory.Classify(userAgent));

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36", "browser")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1", "browser")]
    [InlineData("SomeApp/1.0", "unknown")]
    [InlineData("", "unknown")]
    [InlineData("   ", "unknown")]
    [InlineData(null, "unknown")]
    public void Other_agents_are_browsers_when_they_say_Mozilla_and_unknown_otherwise(string? userAgent, string expected) =>
        Assert.Equal(expected, ClickEventFactory.Classify(userAgent));
}

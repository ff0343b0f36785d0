using System.Threading.Channels;

namespace Api.Clicks;

// How long the publisher waits, after a click arrives in an empty buffer, for more clicks to join its message: one
// message and one broker confirm then carry many clicks, which is what makes storing a click cheap for RabbitMQ and
// the Worker (docs/performance.md). The wait ends as soon as a full batch is buffered, so it never caps the rate;
// it only adds up to the linger to a click's way to the queue.
public static class PublishLinger
{
    // The buffer is looked at this many times during a linger: a full batch waits at most a quarter of it.
    private const int Looks = 4;

    public static async Task WaitAsync<T>(ChannelReader<T> buffer, int batchSize, TimeSpan linger, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var look = linger / Looks;
        while (buffer.Count < batchSize)
        {
            var left = linger - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return;
            }
            await Task.Delay(left < look ? left : look, time, cancellationToken);
        }
    }
}

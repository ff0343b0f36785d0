namespace ReadRouting;

// What a read returned and which server answered it.
public readonly record struct RoutedRead<T>(T Value, ReadSource Source);

import Glibc

/// Owns C strings handed to the launcher; they stay valid until the arena is released.
final class CStringArena {
    private var pointers: [UnsafeMutablePointer<CChar>] = []

    deinit { pointers.forEach { free($0) } }

    func string(_ value: String) -> UnsafeMutablePointer<CChar> {
        let pointer = strdup(value)!
        pointers.append(pointer)
        return pointer
    }

    func optional(_ value: String?) -> UnsafeMutablePointer<CChar>? {
        value.map(string)
    }

    /// A NULL-terminated argv/envp array.
    func vector(_ values: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> {
        let array = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: values.count + 1)
        for (i, value) in values.enumerated() { array[i] = string(value) }
        array[values.count] = nil
        pointers.append(UnsafeMutableRawPointer(array).assumingMemoryBound(to: CChar.self))
        return array
    }
}

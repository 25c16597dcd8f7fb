//! The address guard: the auditor must never become a way into someone's network.
//!
//! A page can link anywhere, including `http://192.168.1.1/` or a name that resolves
//! to a private address. Unless the operator named the address (`--resolve`) or allowed
//! it (`--allow-private-addresses`), only public unicast addresses are contacted.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// True for addresses on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // carrier-grade NAT
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240) // reserved
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let seg = ip.segments();
    let first = seg[0];
    // Forms that carry an IPv4 address are judged by it: 6to4 (2002::/16) embeds one in
    // its next 32 bits; the deprecated IPv4-compatible ::a.b.c.d (::/96, e.g. ::7f00:1
    // for 127.0.0.1), IPv4-translated ::ffff:0:a.b.c.d, Teredo (2001::/32, whose client
    // address is obfuscated) and local-use NAT64 (64:ff9b:1::/48) are never public.
    if first == 0x2002 {
        let [a, b] = seg[1].to_be_bytes();
        let [c, d] = seg[2].to_be_bytes();
        return is_public_v4(Ipv4Addr::new(a, b, c, d));
    }
    if seg[..6] == [0; 6]
        || seg[..6] == [0, 0, 0, 0, 0xFFFF, 0]
        || (first == 0x2001 && seg[1] == 0)
        || (first == 0x0064 && seg[1] == 0xFF9B && seg[2] == 1)
        || (first == 0x0100 && seg[1..4] == [0; 3])
    // discard-only
    {
        return false;
    }
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xFE00) == 0xFC00 // unique local
        || (first & 0xFFC0) == 0xFE80 // link local
        || (first & 0xFFC0) == 0xFEC0 // site local (deprecated)
        || first == 0x2001 && ip.segments()[1] == 0x0DB8 // documentation
        || first == 0x0064 && ip.segments()[1] == 0xFF9B) // NAT64 to anything
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_special_addresses_are_refused() {
        for bad in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:192.168.0.1",
            "::",
            "::7f00:1",
            "::127.0.0.1",
            "::a00:1",
            "::ffff:0:7f00:1",
            "2002:7f00:1::1",
            "2002:c0a8:101::1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "64:ff9b:1::a00:1",
            "100::1",
        ] {
            assert!(!is_public(bad.parse().unwrap()), "{bad}");
        }
        for good in [
            "193.191.208.1",
            "8.8.8.8",
            "2a02:2788::1",
            "2002:c1bf:d001::1",
        ] {
            assert!(is_public(good.parse().unwrap()), "{good}");
        }
    }
}

/**
 * A self-signed test certificate in the shape Fabric CA issues (attributes under OID 1.2.3.4.5.6.7.8.1): what
 * a recipient key registration must refuse in place of a public key. Generated with openssl (EC P-256, valid
 * 100 years).
 */

/** CN=court-gateway, attrs role=gateway, court=0491. */
export const GATEWAY_CERT = `-----BEGIN CERTIFICATE-----
MIICdjCCAhugAwIBAgIUXSfrTJjCkdRBlPll20OnsYdcurMwCgYIKoZIzj0EAwIw
TjELMAkGA1UEBhMCQ04xFjAUBgNVBAoMDWNvdXJ0LmV4YW1wbGUxDzANBgNVBAsM
BmNsaWVudDEWMBQGA1UEAwwNY291cnQtZ2F0ZXdheTAgFw0yNjExMjgxMzA3MjVa
GA8yMTI2MTEwNDEzMDcyNVowTjELMAkGA1UEBhMCQ04xFjAUBgNVBAoMDWNvdXJ0
LmV4YW1wbGUxDzANBgNVBAsMBmNsaWVudDEWMBQGA1UEAwwNY291cnQtZ2F0ZXdh
eTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABOijsOeOTidrCjkxpZAPTbdaSfBL
9zIvcg9Z0BNOh/KySYec1sDV7IMuL9bSw8EFl8V1vijRq9eRTvGxYdMHvO+jgdQw
gdEwHQYDVR0OBBYEFGDvlAoPxyWlJNS52IMiqeaUnyvvMB8GA1UdIwQYMBaAFGDv
lAoPxyWlJNS52IMiqeaUnyvvMIGABggqAwQFBgcIAQR0eyJhdHRycyI6eyJjb3Vy
dCI6IjA0OTEiLCJoZi5BZmZpbGlhdGlvbiI6IiIsImhmLkVucm9sbG1lbnRJRCI6
ImNvdXJ0LWdhdGV3YXkiLCJoZi5UeXBlIjoiY2xpZW50Iiwicm9sZSI6ImdhdGV3
YXkifX0wDAYDVR0TAQH/BAIwADAKBggqhkjOPQQDAgNJADBGAiEAvSZ7rMrBGwpq
/ESAlVWr+79AJYXDPyai3+1Nvc4OuAACIQDMd8e3nuaU3+8rxAB9r0wKg+BZY2pB
0+9eXv5bCosYZQ==
-----END CERTIFICATE-----
`;

/**
 * Internal: Jupyter wire messages: headers, the HMAC signature, and the multipart wire codec
 * with its errors for malformed input. No sockets here.
 */
package jcnn.kernel.protocol;

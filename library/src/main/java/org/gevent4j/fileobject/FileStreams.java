package org.gevent4j.fileobject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The java.io stream views of a {@link FileObject}: each call is one of its own; closing one closes the file. */
final class FileStreams {
    private FileStreams() {}

    static final class In extends InputStream {
        private final FileObject file;

        In(FileObject file) {
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return file.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return file.read(b, off, len);
        }

        @Override
        public byte[] readAllBytes() throws IOException {
            return file.readAll();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    static final class Out extends OutputStream {
        private final FileObject file;

        Out(FileObject file) {
            this.file = file;
        }

        @Override
        public void write(int b) throws IOException {
            file.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            file.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            file.flush();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
